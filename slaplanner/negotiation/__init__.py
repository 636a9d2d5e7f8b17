"""The negotiation: what changed between versions and proposals, and proposals side by side."""
