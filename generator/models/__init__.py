"""The data contract: one pydantic model per kind of file under directory/."""

from generator.models.advocate import Advocate
from generator.models.crisis_line import CrisisLine
from generator.models.group import Group
from generator.models.organization import Organization
from generator.models.training import Training
from generator.models.vocabulary import Vocabulary

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
