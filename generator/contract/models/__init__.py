"""The data contract: one pydantic model per kind of file under directory/."""

from generator.contract.models.advocate import Advocate
from generator.contract.models.crisis_line import CrisisLine
from generator.contract.models.group import Group
from generator.contract.models.organization import Organization
from generator.contract.models.training import Training
from generator.contract.models.vocabulary import Vocabulary

# Which folder holds which model, and every other fact about a kind: generator/kinds.py.
Listing = Group | Advocate | Training

__all__ = ["Advocate", "CrisisLine", "Group", "Listing", "Organization", "Training", "Vocabulary"]
