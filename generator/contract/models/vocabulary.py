"""Controlled vocabularies: topics, audiences, platforms... Data files, not code."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from generator.contract.fields import Text
from generator.contract.models.base import StrictModel

TermId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:_[a-z0-9]+)*$", max_length=40)]


class VocabularyTerm(StrictModel):
    label: Text = Field(description="How the term is shown on the site.")
    description: Text = Field(description="One line saying what the term covers.")


class Vocabulary(StrictModel):
    label: Text = Field(description="Name of the vocabulary, e.g. 'Topics'.")
    noun: Text = Field(description="What one term is called in messages, e.g. 'topic'.")
    description: Text = Field(description="What the vocabulary is for.")
    terms: dict[TermId, VocabularyTerm] = Field(min_length=1, description="Terms by id (snake_case).")

    def label_of(self, term: str) -> str:
        return self.terms[term].label
