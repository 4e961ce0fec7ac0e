"""A few synthetic documents handed in, on the demo caseworker's cases and the demo host's tenancies (pure: no database,
no clock). Enough to show the documents on a person page and a tenancy's checklist, not a volume: the build time stays."""
from __future__ import annotations

from velkomst.demo import tables
from velkomst.demo.records import LIVING_HERE_STATUSES, PROGRAMME_STATUSES, HousingPlan, PlannedDocument, Population
from velkomst.demo.users import DEMO_CASEWORKER

CASES = 4  # of the demo caseworker's, living here
TENANCIES = 3  # of the demo host's, current


def plan_documents(population: Population, housing: HousingPlan, *, as_of) -> list[PlannedDocument]:
    documents: list[PlannedDocument] = []
    mine = [i for i, case in enumerate(population.cases) if case.caseworker == 0 and case.status in LIVING_HERE_STATUSES
            and case.arrival_date is not None][:CASES]
    for number, index in enumerate(mine):
        case = population.cases[index]
        person = population.persons[case.person]
        arrived = case.arrival_date
        documents.append(PlannedDocument(
            target="person", index=case.person, kind="residence_permit", dated_on=min(arrived, as_of), form="pdf",
            title=f"Opholdstilladelse · {person.first_name} {person.last_name}", original_name="opholdskort-scan.pdf",
            note="For- og bagside", by=DEMO_CASEWORKER))
        if case.status in PROGRAMME_STATUSES:
            documents.append(PlannedDocument(
                target="case", index=index, kind="signed_contract", dated_on=min(case.since(case.status) or arrived, as_of), form="pdf",
                title="Kontrakt for introduktionsprogrammet, underskrevet", original_name="kontrakt-underskrevet.pdf",
                by=DEMO_CASEWORKER))
        if number == 0:
            documents.append(PlannedDocument(
                target="case", index=index, kind="medical", dated_on=min(arrived, as_of), form="pdf",
                title="Lægeerklæring om behov for eget værelse", original_name="laegeerklaering.pdf",
                note="Skånebehov: eget værelse", by=DEMO_CASEWORKER))
        if number == 1:
            documents.append(PlannedDocument(
                target="case", index=index, kind="certificate", dated_on=as_of, form="pdf", title="Modulbevis, Danskuddannelse 2, modul 1",
                original_name="modulbevis.pdf", by=DEMO_CASEWORKER))
    host_locations = {i for i, location in enumerate(housing.locations) if location.host == tables.DEMO_HOST}
    hosted = [i for i, tenancy in enumerate(housing.tenancies)
              if tenancy.moved_out_on is None and housing.rooms[tenancy.room].location in host_locations][:TENANCIES]
    for index in hosted:
        tenancy = housing.tenancies[index]
        documents.append(PlannedDocument(
            target="tenancy", index=index, kind="signed_lease", dated_on=tenancy.lease_signed_on or tenancy.moved_in_on, form="png",
            title="Lejekontrakt, underskrevet", original_name="IMG_lejekontrakt.png", by=tables.DEMO_HOST))
        documents.append(PlannedDocument(
            target="tenancy", index=index, kind="signed_house_rules", dated_on=tenancy.house_rules_explained_on or tenancy.moved_in_on,
            form="pdf", title="Husorden, underskrevet", original_name="husorden-underskrevet.pdf", by=tables.DEMO_HOST))
    return documents
