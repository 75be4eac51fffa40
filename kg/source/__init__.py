"""Step 1, the source: the manifest of reports, text normalisation with its offset map, and the
document that every extractor reads."""
