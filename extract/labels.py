"""Mapping from NER label sets onto the ontology's entity classes.

GiNZA's ``ja_ginza`` tags Sekine's Extended Named Entity hierarchy (about 200 labels); spaCy's
English pipelines tag OntoNotes. Each label maps to an ontology class local name, to a role
(titles, dates, quantities, which become facts rather than entities), or to nothing.
"""

from __future__ import annotations

from typing import Final

PERSON: Final = "Person"
COMPANY: Final = "Company"
GOVERNMENT: Final = "GovernmentOrganization"
ORGANIZATION: Final = "Organization"
PLACE: Final = "Place"
COUNTRY: Final = "Country"
CITY: Final = "City"
ADMIN_AREA: Final = "AdministrativeArea"
FACILITY: Final = "Facility"
PRODUCT: Final = "Product"
CREATIVE_WORK: Final = "CreativeWork"
EVENT: Final = "Event"

ENTITY_CLASSES: Final = (PERSON, COMPANY, GOVERNMENT, ORGANIZATION, PLACE, COUNTRY, CITY, ADMIN_AREA,
                         FACILITY, PRODUCT, CREATIVE_WORK, EVENT)

#: Coarse kind of each class, used when two mentions of one name disagree on the class.
CLASS_KIND: Final[dict[str, str]] = {
    PERSON: "person",
    COMPANY: "organization", GOVERNMENT: "organization", ORGANIZATION: "organization",
    PLACE: "place", COUNTRY: "place", CITY: "place", ADMIN_AREA: "place",
    FACILITY: "facility",
    PRODUCT: "product", CREATIVE_WORK: "product",
    EVENT: "event",
}

#: Non-entity labels the extractor still uses.
TITLE: Final = "TITLE"
DATE: Final = "DATE"

_ENE: Final[dict[str, str]] = {
    # people
    "Person": PERSON,
    # organisations
    "Company": COMPANY, "Company_Group": COMPANY, "Corporation_Other": COMPANY,
    "Government": GOVERNMENT, "Political_Party": GOVERNMENT, "Cabinet": GOVERNMENT,
    "Political_Organization_Other": GOVERNMENT, "International_Organization": GOVERNMENT, "Military": GOVERNMENT,
    "Organization_Other": ORGANIZATION, "Show_Organization": ORGANIZATION, "Pro_Sports_Organization": ORGANIZATION,
    "Sports_Organization_Other": ORGANIZATION, "Sports_League": ORGANIZATION, "Family": ORGANIZATION,
    "Ethnic_Group_Other": None,
    # places
    "Country": COUNTRY, "City": CITY, "Province": ADMIN_AREA, "County": ADMIN_AREA,
    "Domestic_Region": ADMIN_AREA, "GPE_Other": PLACE, "Continental_Region": PLACE, "Region_Other": PLACE,
    "Location_Other": PLACE, "Geological_Region_Other": PLACE, "Mountain": PLACE, "Island": PLACE,
    "River": PLACE, "Lake": PLACE, "Sea": PLACE, "Bay": PLACE, "Astral_Body_Other": None,
    # facilities
    "Facility_Other": FACILITY, "GOE_Other": FACILITY, "Public_Institution": FACILITY, "School": FACILITY,
    "Research_Institute": FACILITY, "Market": FACILITY, "Park": FACILITY, "Sports_Facility": FACILITY,
    "Museum": FACILITY, "Zoo": FACILITY, "Amusement_Park": FACILITY, "Theater": FACILITY,
    "Worship_Place": FACILITY, "Car_Stop": FACILITY, "Station": FACILITY, "Airport": FACILITY, "Port": FACILITY,
    "Line_Other": FACILITY, "Railroad": FACILITY, "Road": FACILITY, "Canal": FACILITY, "Water_Route": FACILITY,
    "Tunnel": FACILITY, "Bridge": FACILITY, "Spa": FACILITY, "Tumulus": FACILITY,
    "Archaeological_Place_Other": FACILITY,
    # products and works
    "Product_Other": PRODUCT, "Car": PRODUCT, "Train": PRODUCT, "Aircraft": PRODUCT, "Spaceship": PRODUCT,
    "Ship": PRODUCT, "Vehicle_Other": PRODUCT, "Weapon": PRODUCT, "Drug": PRODUCT, "Food_Other": None,
    "Clothing": None, "Money_Form": None, "Service": PRODUCT, "Character": None,
    "Book": CREATIVE_WORK, "Newspaper": CREATIVE_WORK, "Magazine": CREATIVE_WORK, "Movie": CREATIVE_WORK,
    "Music": CREATIVE_WORK, "Show": CREATIVE_WORK, "Broadcast_Program": CREATIVE_WORK, "Picture": CREATIVE_WORK,
    "Game": CREATIVE_WORK, "Art_Other": CREATIVE_WORK, "Printing_Other": CREATIVE_WORK,
    "Award": None, "Law": CREATIVE_WORK, "Treaty": CREATIVE_WORK, "Rule_Other": None,
    # events
    "Event_Other": EVENT, "Occasion_Other": EVENT, "Conference": EVENT, "Religious_Festival": EVENT,
    "Games": EVENT, "Incident_Other": EVENT, "War": EVENT, "Natural_Disaster": EVENT, "Earthquake": EVENT,
    # not entities, but used for facts
    "Position_Vocation": TITLE,
    "Date": DATE,
}

_ONTONOTES: Final[dict[str, str]] = {
    "PERSON": PERSON,
    "ORG": ORGANIZATION,
    "GPE": PLACE,
    "LOC": PLACE,
    "FAC": FACILITY,
    "PRODUCT": PRODUCT,
    "WORK_OF_ART": CREATIVE_WORK,
    "LAW": CREATIVE_WORK,
    "EVENT": EVENT,
    "DATE": DATE,
}


def map_label(label: str, scheme: str = "ene") -> str | None:
    """The ontology class (or TITLE/DATE) for a NER label, or None when it names no entity.

    >>> map_label("Company"), map_label("Position_Vocation"), map_label("Dish")
    ('Company', 'TITLE', None)
    >>> map_label("GPE", scheme="ontonotes")
    'Place'
    """
    table = _ENE if scheme == "ene" else _ONTONOTES
    return table.get(label)
