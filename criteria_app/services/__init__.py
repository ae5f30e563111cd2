"""Use cases: one function per action, each one transaction; they call domain/ and write the audit."""
