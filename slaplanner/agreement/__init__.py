"""The agreement: named proposals, their immutable versions, signatories and signatures; diffs and comparisons."""
