"""`peerdir import FORMAT SOURCE --into FOLDER`: listings from other directories' data.

One reader per format turns the source into records (`common.Record`) and the records it cannot
map (`common.Unmapped`, with where and why): meeting_guide (a Meeting Guide JSON feed), hsds (an
HSDS 3.0 export as our api/v1/hsds/ publishes it), csv_import (the spreadsheet template of
contract/spreadsheet.py). The writer checks each against the contract, skips likely duplicates of
listings already in the folder, and writes one YAML file per listing. What the formats share with
our own exports is in contract/formats.py.
"""
