"""`peerdir from-issue` and `peerdir forms`: parse (the forms and the body GitHub renders), answers
(answers -> model data, through `contributors/normalise.py`), convert (new listings, and the
dispatch), update (three-way by field), report, hosts (an organisation given by name),
listing_ref (a listing by id, address or name), questions (field paths -> the form's questions),
outcome and comment (what the contributor is told: one comment, one label), listing_text (YAML
out, edited line by line), options (the forms' choices from the vocabularies), check (the CLI's
file work: the directory, git versions, validating the result as if it were in the directory).
"""
