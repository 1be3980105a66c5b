"""Storage: the only code that speaks SQL; one repository module per aggregate."""
