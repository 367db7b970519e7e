"""The sandbox: a practice network inside Comptoir, with simulated customers."""
