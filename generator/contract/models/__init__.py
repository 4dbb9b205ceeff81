"""The data contract: one pydantic model per kind of file under directory/."""

from generator.contract.models.advocate import Advocate
from generator.contract.models.crisis_line import CrisisLine
from generator.contract.models.group import Group
from generator.contract.models.organization import Organization
from generator.contract.models.training import Training
from generator.contract.models.vocabulary import Vocabulary

Listing = Group | Advocate | Training

# Folder under directory/ -> model of the files in it.
KINDS: dict[str, type] = {
    "groups": Group,
    "advocates": Advocate,
    "training": Training,
    "organizations": Organization,
    "crisis-lines": CrisisLine,
}
LISTING_FOLDERS = ("groups", "advocates", "training")

__all__ = ["Advocate", "CrisisLine", "Group", "KINDS", "LISTING_FOLDERS", "Listing", "Organization", "Training", "Vocabulary"]
