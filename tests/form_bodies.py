"""Issue-form bodies as GitHub renders them, for the form tests (tests/test_forms_bodies.py) and
the before/after message benchmark (benchmarks/form_messages.py): one renderer and one valid
add-group answer set, so the two cannot drift apart. Every answer is fictional."""

from __future__ import annotations

import yaml

# A valid add-group form, answers by element id (fictional).
ADD_GROUP: dict = {
    "name": "Fictional Hearing Voices Circle Leeds",
    "summary": "A fictional weekly hearing voices group in Leeds, run by voice hearers for anyone who hears voices.",
    "website": "https://hearing-voices-leeds.example.org/",
    "attendance": "In person",
    "location-locality": "Leeds",
    "location-country": "GB",
    "joining-method": "Just turn up",
    "meeting-frequency": "Every week",
    "meeting-days": ["Tuesday"],
    "meeting-start_time": "18:30",
    "meeting-end_time": "20:00",
    "meeting-timezone": "Europe/London",
    "facilitation": "Peer-led",
    "cost-kind": "Free",
    "topics": "Hearing voices",
    "audiences": "Everyone",
    "languages": "en",
    "source": "Fictional: made up for the tests.",
    "criteria": ["*"],
}


def render(form_text: str, answers: dict) -> str:
    """A submitted form's body as GitHub renders it: '### label', a blank line, the answer
    ('_No response_' when empty, '- [X] option' for ticked boxes, 'A, B' for several choices).
    `answers` maps element ids to text, or to a list of ticked options (["*"]: all of them)."""
    parts = []
    for element in yaml.safe_load(form_text)["body"]:
        if element["type"] == "markdown":
            continue
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            options = [o["label"] for o in element["attributes"]["options"]]
            ticked = options if value == ["*"] else (value or [])
            text = "\n".join(f"- [{'X' if o in ticked else ' '}] {o}" for o in options)
        elif value in (None, ""):
            text = "_No response_"
        elif element["attributes"].get("render"):
            text = f"```{element['attributes']['render']}\n{value}\n```"
        else:
            text = value
        parts.append(f"### {element['attributes']['label']}\n\n{text}")
    return "\n\n".join(parts) + "\n"
