"""`peerdir from-issue`: parse (the forms and the body GitHub renders), answers (answers -> model
data), listing_text (YAML out, edited line by line), convert (new, update and report), check (the
CLI's file work: find the listing, validate the result as if it were in the directory).
"""
