"""Letters to people in prison: whom to write to, how to address them, what to leave out.

Pure code: plain values in, plain values out; dates come in as arguments. Texts for people are
rendered later through the locales, so these modules return codes and data, except the names and
envelope lines, which are data in Cyrillic.

- `check`: warnings and suggestions for a draft letter (risky words, Latin script, links...).
- `suggest`: the order in which people are suggested for a letter.
- `names`: a person's name as a letter needs it (dative for the envelope, greeting form).
- `envelope`: the envelope block in Russian or Belarusian.
"""
