"""The named queries in ``queries/``: their headers, and answers checked against the sources.

Every query is run on the asserted graph (ontology plus data, no reasoning) through one helper,
:func:`_run`, which takes parameters as a user types them (``chain="il2:IL2RB"``), applies the
header's defaults and binds the parameter variables, through the library's ``run_query``.

The header is read here with a small parser of its own, on purpose: it is an independent reading
of the grlc header format, so that a fault in the catalogue's parser (il2kg.query.catalogue)
cannot hide itself by agreeing with its own output.

The meta-tests check that every ``.rq`` file directly in ``queries/`` (not the quality checks in
``queries/checks/``) carries its header, parses, runs unbound and runs its own example, and that
Oxigraph returns the same rows in the same order when the parameters are joined in as a VALUES
block at the start of the WHERE clause, which is how the engine binds them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from il2kg.config import data_files, data_root, ontology_files
from il2kg.graph import KnowledgeGraph, load_graph
from il2kg.query.api import run_query
from il2kg.terms import IL2, IL2KG

QUERIES = data_root() / "queries"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
NAMED_QUERIES = {
    "receptor-chains",
    "cytokines-sharing-chain",
    "signalling-cascade",
    "cytokine-cells",
    "therapeutics-targeting",
    "therapeutics-for-indication",
    "adverse-effects",
    "clinical-studies",
    "provenance",
    "external-identifiers",
    "chain-defect-diseases",
    "dosing-regimens",
    "find-entity",
    "entity-summary",
    "graph-statistics",
    "monogenic-immunodeficiencies",
    "receptor-forms-by-cell",
    "withdrawn-therapeutics",
    "source-claims",
    "rights-history",
    "trial-results",
    "boxed-warnings",
    "risk-loci",
    "receptor-docking-sites",
    "engineered-cytokines",
}
UNIT = "http://qudt.org/vocab/unit/"

# A parameter variable (grlc/BASIL): ?_name_iri required, ?__name_iri optional, ?_name a string.
_PARAMETER = re.compile(r"\?(_{1,2})([A-Za-z][A-Za-z0-9]*)(?:_(iri|en|integer|xsd_[a-z]+))?\b")
_KEY = re.compile(r"^#\+ (\w+):\s*(.*)$")
_EXAMPLE_PARAM = re.compile(r"--param\s+(\w+)=(\S+)")

Row = dict[str, Node]


# --- helpers -------------------------------------------------------------------------------


@cache
def _graph() -> Graph:
    graph = Graph()
    for path in [*ontology_files(), *data_files()]:
        graph.parse(path, format="turtle")
    return graph


@cache
def _plain_store() -> ox.Store:
    store = ox.Store()
    for path in [*ontology_files(), *data_files()]:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _header(name: str) -> dict[str, str | list[str]]:
    """Return the ``#+`` header: scalars as one string, lists (``#+   - item``) as lists."""
    header: dict[str, str | list[str]] = {}
    key = None
    for line in _text(name).splitlines():
        if not line.startswith("#+"):
            break
        match = _KEY.match(line)
        if match:
            key, value = match.groups()
            header[key] = value.strip() or []
            continue
        item = line[2:].strip()
        value = header.get(key) if key else None
        if isinstance(value, list) and item.startswith("- "):
            value.append(item[2:].strip())
        elif isinstance(value, str) and key:
            header[key] = f"{value} {item}"
    return header


def _parameters(name: str) -> dict[str, tuple[str, str, bool]]:
    """Map each parameter name to (variable, type, required)."""
    found = {}
    for match in _PARAMETER.finditer(_text(name)):
        underscores, param, kind = match.groups()
        found[param] = (match.group(0)[1:], kind or "string", underscores == "_")
    return found


def _defaults(name: str) -> dict[str, str]:
    items = _header(name).get("defaults", [])
    assert isinstance(items, list)
    return dict(item.split(": ", 1) for item in items)


@cache
def _knowledge_graph() -> KnowledgeGraph:
    return load_graph()


def _run(name: str, reasoning: bool = False, **params: str) -> list[Row]:
    """Run a named query through the engine with its defaults and ``params`` (CLI-style).

    By default on the asserted triples, whose answers the sources state directly; the
    tests at the end run with the OWL 2 RL closure, as the CLI does by default.
    Returns one dict per row, holding the bound columns only.
    """
    result = run_query(name, params, kg=_knowledge_graph(), reasoning=reasoning)
    return [
        {var: term for var, term in zip(result.variables, row, strict=True) if term is not None}
        for row in result.rows
    ]


def _column(rows: list[Row], column: str) -> list[Node | None]:
    return [row.get(column) for row in rows]


def _python(term: Node | None) -> object:
    return term.toPython() if isinstance(term, Literal) else term


# --- 1. receptor chains --------------------------------------------------------------------


def test_high_affinity_receptor_has_alpha_beta_gamma_with_their_cd_names() -> None:
    rows = _run("receptor-chains", receptor="il2:IL2R-high")
    chains = {(row["chain"], str(row["cdDesignation"])) for row in rows}
    assert chains == {(IL2.IL2RA, "CD25"), (IL2.IL2RB, "CD122"), (IL2.IL2RG, "CD132")}
    assert {row["affinityClass"] for row in rows} == {IL2.HighAffinity}
    kd = {(_python(row["kd"]), row["kdUnit"]) for row in rows}
    assert kd == {(2.5e-11, URIRef(UNIT + "MOL-PER-L"))}
    assert {row["cytokine"] for row in rows} == {IL2.IL2}


def test_il2_receptor_forms_come_from_weakest_to_tightest_binding() -> None:
    rows = _run("receptor-chains", cytokine="il2:IL2")
    forms = list(dict.fromkeys(_column(rows, "receptor")))
    assert forms == [IL2["IL2R-low"], IL2["IL2R-intermediate"], IL2["IL2R-high"]]
    by_form = {form: {r["chain"] for r in rows if r["receptor"] == form} for form in forms}
    assert by_form[IL2["IL2R-low"]] == {IL2.IL2RA}
    assert by_form[IL2["IL2R-intermediate"]] == {IL2.IL2RB, IL2.IL2RG}


# --- 2. cytokines sharing a chain ----------------------------------------------------------


def test_common_gamma_chain_is_shared_by_six_cytokines_in_numeric_order() -> None:
    rows = _run("cytokines-sharing-chain")  # default chain: the common gamma chain
    assert _column(rows, "chain") == [IL2.IL2RG] * 6
    assert _column(rows, "cytokine") == [IL2.IL2, IL2.IL4, IL2.IL7, IL2.IL9, IL2.IL15, IL2.IL21]


def test_il2_receptor_beta_is_shared_by_il2_and_il15_only() -> None:
    rows = _run("cytokines-sharing-chain", chain="il2:IL2RB")
    assert _column(rows, "cytokine") == [IL2.IL2, IL2.IL15]


def test_il2_receptor_alpha_is_used_by_il2_only() -> None:
    assert _column(_run("cytokines-sharing-chain", chain="il2:IL2RA"), "cytokine") == [IL2.IL2]


# --- 3. signalling cascade -----------------------------------------------------------------


def test_il2_cascade_reaches_jak1_jak3_and_stat5() -> None:
    rows = _run("signalling-cascade")  # default cytokine: IL-2
    chain_rows = [row for row in rows if str(row["step"]) == "chain"]
    kinases = {(row["chain"], row["kinase"]) for row in chain_rows if "kinase" in row}
    assert kinases == {(IL2.IL2RB, IL2.JAK1), (IL2.IL2RG, IL2.JAK3)}
    activated = {(row["kinase"], row["activated"]) for row in chain_rows if "activated" in row}
    # Both Janus kinases of the receptor activate STAT5A, STAT5B and STAT3 (review finding P1:
    # JAK3 is not the only STAT5 kinase).
    assert activated == {
        (kinase, stat)
        for kinase in (IL2.JAK1, IL2.JAK3)
        for stat in (IL2.STAT5A, IL2.STAT5B, IL2.STAT3)
    }
    assert {row["family"] for row in chain_rows if "family" in row} == {IL2.STAT5}
    alpha = [row for row in chain_rows if row["chain"] == IL2.IL2RA]
    assert alpha
    assert all("kinase" not in row for row in alpha)


def test_signalling_forms_of_il2_engage_the_jak3_stat5_pathway() -> None:
    rows = [row for row in _run("signalling-cascade") if str(row["step"]) == "pathway"]
    engaging = {row["receptor"] for row in rows if row["pathway"] == IL2["JAK3-STAT5-pathway"]}
    assert engaging == {IL2["IL2R-high"], IL2["IL2R-intermediate"]}


# --- 4. cells ------------------------------------------------------------------------------


def test_il2_producers_with_cd4_t_cells_as_main_producer() -> None:
    rows = [row for row in _run("cytokine-cells") if str(row["role"]) == "producer"]
    producers = {row["cell"]: _python(row["mainProducer"]) for row in rows}
    assert producers == {
        IL2.CD4TCell: True,
        IL2.TCell: False,
        IL2.HelperTCell: False,
        IL2.Th1Cell: False,
        IL2.Th2Cell: False,
        IL2.CD8TCell: False,
        IL2.NaiveTCell: False,
        IL2.ActivatedTCell: False,
    }


def test_il2_target_cells_effects_and_experimental_systems() -> None:
    rows = [row for row in _run("cytokine-cells") if str(row["role"]) == "target"]
    cells = {row["cell"] for row in rows}
    assert cells == {
        IL2.TCell,
        IL2.NKCell,
        IL2.BCell,
        IL2.RegulatoryTCell,
        IL2.Th2Cell,
        IL2.CD4TCell,
        IL2.CD56brightNKCell,
    }
    nk = {row["process"] for row in rows if row["cell"] == IL2.NKCell}
    assert nk == {IL2.NKCellProliferation, IL2.NKCellActivation}
    b_cell = {(row["process"], row.get("system")) for row in rows if row["cell"] == IL2.BCell}
    assert b_cell == {(IL2.BCellProliferation, IL2.InVitro), (IL2.AntibodyProduction, IL2.InVitro)}
    cd4 = {(row["process"], row.get("system")) for row in rows if row["cell"] == IL2.CD4TCell}
    assert cd4 == {(IL2.TCellProliferation, IL2.InVivo)}
    treg = {row["process"] for row in rows if row["cell"] == IL2.RegulatoryTCell}
    assert treg == {IL2.TregDifferentiation, IL2.TregSurvival}


# --- 5. therapeutics targeting -------------------------------------------------------------


def test_il2_receptor_alpha_is_blocked_by_daclizumab_humanized_and_basiliximab_chimeric() -> None:
    rows = _run("therapeutics-targeting")  # default target: IL-2 receptor alpha
    found = {(row["therapeutic"], row["kind"], row["relation"], row.get("via")) for row in rows}
    assert found == {
        (IL2.Daclizumab, IL2KG.HumanizedMonoclonalAntibody, IL2KG.isAntagonistOf, None),
        (IL2.DaclizumabBeta, IL2KG.HumanizedMonoclonalAntibody, IL2KG.isAntagonistOf, None),
        (IL2.Basiliximab, IL2KG.ChimericMonoclonalAntibody, IL2KG.isAntagonistOf, None),
        (IL2.DenileukinDiftitox, IL2KG.FusionToxin, IL2KG.targets, None),
    }
    mechanisms = {(row["therapeutic"], row["mechanism"]) for row in rows}
    assert {m for t, m in mechanisms if t != IL2.DenileukinDiftitox} == {IL2.IL2RAlphaBlockade}
    assert (IL2.DenileukinDiftitox, IL2.IL2RAlphaBlockade) not in mechanisms


def test_high_affinity_receptor_is_agonised_by_aldesleukin_and_blocked_through_its_alpha() -> None:
    rows = _run("therapeutics-targeting", target="il2:IL2R-high")
    found = {(row["therapeutic"], row["relation"], row.get("via")) for row in rows}
    assert found == {
        (IL2.Aldesleukin, IL2KG.isAgonistOf, None),
        (IL2.Daclizumab, IL2KG.isAntagonistOf, IL2.IL2RA),
        (IL2.DaclizumabBeta, IL2KG.isAntagonistOf, IL2.IL2RA),
        (IL2.Basiliximab, IL2KG.isAntagonistOf, IL2.IL2RA),
        (IL2.DenileukinDiftitox, IL2KG.targets, None),
        (IL2.DenileukinDiftitox, IL2KG.targets, IL2.IL2RA),
    }
    kinds = {row["kind"] for row in rows if row["therapeutic"] == IL2.Aldesleukin}
    assert kinds == {IL2KG.RecombinantCytokine, IL2KG.Immunomodulator}


# --- 6. therapeutics for an indication -----------------------------------------------------


def test_renal_allograft_rejection_daclizumab_gone_in_us_and_eu_basiliximab_approved() -> None:
    rows = _run("therapeutics-for-indication")  # default condition: renal allograft rejection
    assert {row["therapeutic"] for row in rows} == {IL2.Daclizumab, IL2.Basiliximab}
    # One indication node per agency (review finding P7): the US application was discontinued,
    # the EU authorisation withdrawn, both in 2009.
    daclizumab = {
        (row["agency"], row["status"], _python(row["approvalYear"]), _python(row["withdrawalYear"]))
        for row in rows
        if row["therapeutic"] == IL2.Daclizumab
    }
    assert daclizumab == {
        (IL2.FDA, IL2.Discontinued, 1997, 2009),
        (IL2.EMEA, IL2.Withdrawn, 1999, 2009),
    }
    basiliximab = [row for row in rows if row["therapeutic"] == IL2.Basiliximab]
    assert [(row["status"], row["agency"]) for row in basiliximab] == [(IL2.Approved, IL2.FDA)]
    assert {row["useIntent"] for row in rows} == {IL2.Prophylaxis}


def test_il2_in_hiv_is_not_approved_and_research_stopped() -> None:
    rows = _run("therapeutics-for-indication", condition="il2:HIVInfection")
    assert [(row["therapeutic"], row["status"]) for row in rows] == [
        (IL2.Aldesleukin, IL2.NotApproved)
    ]
    assert _python(rows[0]["researchDiscontinued"]) is True


def test_aldesleukin_approved_for_metastatic_renal_cell_carcinoma_in_1992() -> None:
    rows = _run("therapeutics-for-indication", condition="il2:MetastaticRCC")
    assert [(row["therapeutic"], row["status"], _python(row["approvalYear"])) for row in rows] == [
        (IL2.Aldesleukin, IL2.Approved, 1992)
    ]


# --- 7. adverse effects --------------------------------------------------------------------


def test_capillary_leak_syndrome_is_the_most_common_effect_of_intravenous_il2() -> None:
    rows = [r for r in _run("adverse-effects") if r["condition"] == IL2.CapillaryLeakSyndrome]
    assert {row["route"] for row in rows} == {IL2.IntravenousInfusion}
    assert {_python(row["isMostCommon"]) for row in rows} == {True}
    assert {row["manifestation"] for row in rows} == {IL2.WeightGain, IL2.Edema, IL2.Hypotension}


def test_flu_like_symptoms_at_low_dose_start_two_to_six_hours_after_a_dose() -> None:
    rows = [r for r in _run("adverse-effects") if r["condition"] == IL2.FluLikeSymptoms]
    assert {row["manifestation"] for row in rows} == {IL2.Fever, IL2.Chills, IL2.Myalgia}
    onset = {
        (row["doseLevel"], _python(row["onsetMinHours"]), _python(row["onsetMaxHours"]))
        for row in rows
    }
    assert onset == {(IL2.LowDose, 2, 6)}


def test_il2_worsens_autoimmune_conditions_and_raises_viral_load_without_art() -> None:
    rows = _run("adverse-effects")
    worsening = {row["condition"] for row in rows if _python(row.get("isWorsening")) is True}
    assert worsening == {IL2.AutoimmuneArthritis, IL2.Psoriasis, IL2.Type1Diabetes}
    viral = [row for row in rows if row["condition"] == IL2.ViralLoadIncrease]
    assert [(row["inAbsenceOf"], _python(row["maximumFoldIncrease"])) for row in viral] == [
        (IL2.AntiretroviralTherapy, 6)
    ]
    # Eleven from the fact sheet, and the label's neurologic toxicity and serious infection.
    assert len({row["adverseEffect"] for row in rows}) == 13


# --- 8. clinical studies -------------------------------------------------------------------


def test_esprit_and_silcaat_raised_cd4_counts_without_clinical_benefit() -> None:
    rows = _run("clinical-studies", condition="il2:HIVInfection")
    for study, nct, enrolment in (
        (IL2.ESPRIT, "NCT00004978", 4111),
        (IL2.SILCAAT, "NCT00013611", 1695),
    ):
        mine = [row for row in rows if row["study"] == study]
        outcomes = {(row["measure"], row["result"]) for row in mine}
        assert (IL2.CD4Count, IL2.Increased) in outcomes
        assert (IL2.OpportunisticDiseaseOrDeath, IL2.NoClinicalBenefit) in outcomes
        assert {str(row["nctId"]) for row in mine} == {nct}
        assert {_python(row["enrolment"]) for row in mine} == {enrolment}
        assert {row["design"] for row in mine} == {IL2.RandomizedControlledTrial}


def test_condition_parameter_keeps_only_that_conditions_studies() -> None:
    hiv = {row["study"] for row in _run("clinical-studies", condition="il2:HIVInfection")}
    everything = {row["study"] for row in _run("clinical-studies")}
    assert IL2.GVHDLowDoseIL2Study in everything
    assert IL2.GVHDLowDoseIL2Study not in hiv
    assert hiv == {
        IL2.ESPRIT,
        IL2.SILCAAT,
        IL2.EarlyIL2HIVStudies,
        IL2.IL2LongTermFollowUp,
        IL2.IL2ReservoirStudies,
        IL2.STALWART,
    }
    daclizumab = {row["study"] for row in _run("clinical-studies", therapeutic="il2:Daclizumab")}
    assert daclizumab == {IL2.DaclizumabAsthmaTrial, IL2.DaclizumabTransplantTrial}


# --- 9. provenance -------------------------------------------------------------------------


def test_provenance_of_il2_includes_a_dimov_passage_and_a_publication() -> None:
    rows = _run("provenance")  # default entity: IL-2
    receptor = [
        row
        for row in rows
        if (row["subject"], row["predicate"], row["object"])
        == (IL2.IL2, IL2KG.hasReceptor, IL2["IL2R-high"])
    ]
    passage = [row for row in receptor if row["source"] == IL2["Dimov2011-L8"]]
    assert len(passage) == 1
    assert passage[0]["document"] == IL2.Dimov2011
    assert str(passage[0]["sourceKind"]) == "source passage"
    assert (str(passage[0]["section"]), _python(passage[0]["startLine"])) == ("Receptor", 8)
    publication = [row for row in receptor if row["source"] == IL2.Rochman2009]
    assert [(str(row["sourceKind"]), str(row["doi"])) for row in publication] == [
        ("publication", "10.1038/nri2580")
    ]


def test_provenance_covers_effect_nodes_literals_and_every_source_is_typed() -> None:
    rows = _run("provenance")
    statements = {(row["predicate"], row["object"], row["source"]) for row in rows}
    assert (IL2KG.hasEffect, IL2["effect-B-proliferation"], IL2["Dimov2011-L16"]) in statements
    assert (IL2KG.historicalName, Literal("T-cell growth factor", lang="en"), IL2.Morgan1976) in (
        statements
    )
    assert [row["source"] for row in rows if "sourceKind" not in row] == []


def test_provenance_of_a_dissociation_constant_names_its_publication() -> None:
    rows = _run("provenance", entity="il2:IL2R-high")
    kd = {
        (_python(row["object"]), row["source"])
        for row in rows
        if row["predicate"] == IL2KG.hasDissociationConstant
    }
    assert kd == {(2.5e-11, IL2.Nagler1990), (2.5e-11, IL2.Allouche1990)}


# --- 10. external identifiers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "entity"),
    [
        ({"accession": "P60568"}, IL2.IL2),
        ({"accession": "p60568"}, IL2.IL2),
        ({"accession": "uniprot:P60568"}, IL2.IL2),
        ({"external": "http://purl.uniprot.org/uniprot/P60568"}, IL2.IL2),
        ({"external": "uniprot:P60568"}, IL2.IL2),
        ({"accession": "CHEMBL1201605"}, IL2.Daclizumab),
        ({"accession": "CL:0000084"}, IL2.TCell),
        ({"accession": "HGNC:6001"}, IL2["IL2-gene"]),
        ({"accession": "ncbigene:3561"}, IL2["IL2RG-gene"]),
        ({"accession": "MONDO:0010315"}, IL2.XSCID),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_reverse_lookup_of_an_external_identifier(params: dict[str, str], entity: URIRef) -> None:
    assert {row["entity"] for row in _run("external-identifiers", **params)} == {entity}


def test_a_drugbank_record_merging_two_substances_names_both_with_their_mapping_kind() -> None:
    """DrugBank DB00111 holds daclizumab and, as a synonym, daclizumab beta (Zinbryta)."""
    for params in ({"accession": "DB00111"}, {"external": "drugbank:DB00111"}):
        rows = _run("external-identifiers", **params)
        assert {(row["entity"], str(row["mappingKind"])) for row in rows} == {
            (IL2.Daclizumab, "exactMatch"),
            (IL2.DaclizumabBeta, "closeMatch"),
        }


def test_identifiers_of_an_entity_with_their_mapping_kind() -> None:
    rows = _run("external-identifiers", entity="il2:IL2RA")
    assert [(str(row["mappingKind"]), row["external"]) for row in rows] == [
        ("exactMatch", URIRef("http://purl.uniprot.org/uniprot/P01589"))
    ]
    kinds = {str(row["mappingKind"]) for row in _run("external-identifiers", entity="il2:GVHD")}
    assert kinds == {"exactMatch"}
    broad = _run("external-identifiers", entity="il2:MetastaticRCC")
    assert {str(row["mappingKind"]) for row in broad} == {"broadMatch"}


# --- 11. chain defects ---------------------------------------------------------------------


def test_x_scid_disrupts_the_six_common_gamma_chain_cytokines() -> None:
    rows = _run("chain-defect-diseases")  # default chain: the common gamma chain
    assert {row["disease"] for row in rows} == {IL2.XSCID}
    cytokines = list(dict.fromkeys(_column(rows, "cytokine")))
    assert cytokines == [IL2.IL2, IL2.IL4, IL2.IL7, IL2.IL9, IL2.IL15, IL2.IL21]


def test_cd25_deficiency_is_the_il2_receptor_alpha_defect_and_disrupts_only_il2() -> None:
    rows = _run("chain-defect-diseases", chain="il2:IL2RA")
    assert {row["disease"] for row in rows} == {IL2.CD25Deficiency}
    assert list(dict.fromkeys(_column(rows, "cytokine"))) == [IL2.IL2]
    assert {row["receptor"] for row in rows} == {IL2["IL2R-high"], IL2["IL2R-low"]}


# --- 12. dosing regimens -------------------------------------------------------------------


def test_esprit_regimen_is_7_5_miu_subcutaneously_twice_a_day_for_5_days_every_8_weeks() -> None:
    rows = [r for r in _run("dosing-regimens") if r["regimen"] == IL2["regimen-ESPRIT"]]
    assert len(rows) == 1
    row = rows[0]
    assert (row["route"], row["doseLevel"], row["condition"]) == (
        IL2.SubcutaneousInjection,
        IL2.LowDose,
        IL2.HIVInfection,
    )
    assert (_python(row["dose"]), row["doseUnit"]) == (
        Decimal("7.5"),
        IL2.MillionInternationalUnits,
    )
    numbers = [
        _python(row[key]) for key in ("dosesPerDay", "cycleLengthDays", "cycleIntervalWeeks")
    ]
    assert numbers == [2, 5, 8]


def test_high_dose_intravenous_regimen_for_metastatic_cancer() -> None:
    rows = [r for r in _run("dosing-regimens") if r["regimen"] == IL2["regimen-high-dose-IV"]]
    assert {(row["condition"], _python(row["dose"])) for row in rows} == {
        (condition, dose)
        for condition in (IL2.MetastaticRCC, IL2.MetastaticMelanoma)
        for dose in (600000, 720000)
    }
    assert {(row["route"], row["doseLevel"], row["doseUnit"]) for row in rows} == {
        (IL2.IntravenousInfusion, IL2.HighDose, IL2.InternationalUnitsPerKilogram)
    }
    assert {_python(row["dosingIntervalHours"]) for row in rows} == {Decimal("8.0")}


def test_long_term_hiv_cycles_and_daclizumab_every_two_weeks() -> None:
    cycles = [r for r in _run("dosing-regimens") if r["regimen"] == IL2["regimen-HIV-SC-cycles"]]
    assert [_python(row["maximumCycleIntervalYears"]) for row in cycles] == [Decimal("3.0")]
    assert [_python(row["optimalDoseEstablished"]) for row in cycles] == [False]
    daclizumab = _run("dosing-regimens", therapeutic="il2:Daclizumab")
    transplant = [r for r in daclizumab if r["condition"] == IL2.RenalAllograftRejection]
    assert [
        (_python(r["dose"]), r["doseUnit"], _python(r["dosingIntervalHours"])) for r in transplant
    ] == [(Decimal("1.0"), IL2.MilligramsPerKilogram, Decimal("336.0"))]


# --- 13. find entity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "ingredient"),
    [
        ("CD25", IL2.IL2RA, None),
        ("cd25", IL2.IL2RA, None),
        ("T-cell growth factor", IL2.IL2, None),
        ("t-CELL growth FACTOR", IL2.IL2, None),
        ("proleukin", IL2.Proleukin, IL2.Aldesleukin),
        ("Zenapax", IL2.Zenapax, IL2.Daclizumab),
        ("ZENAPAX", IL2.Zenapax, IL2.Daclizumab),
    ],
)
def test_find_entity_by_name_case_insensitively(
    text: str, entity: URIRef, ingredient: URIRef | None
) -> None:
    rows = _run("find-entity", text=text)
    first = rows[0]
    assert (first["entity"], _python(first["matchRank"])) == (entity, 0)
    assert first.get("activeIngredient") == ingredient
    assert all(text.lower() in str(row["matched"]).lower() for row in rows)


def test_find_entity_matches_substrings_of_synonyms() -> None:
    rows = _run("find-entity", text="anti-CD25")
    found = {(row["entity"], row["matchedProperty"]) for row in rows}
    assert (IL2.Daclizumab, SKOS.altLabel) in found
    assert (IL2.Basiliximab, SKOS.altLabel) in found
    assert {_python(row["matchRank"]) for row in rows} == {1}  # all start with the text


# --- 14. entity summary --------------------------------------------------------------------


def test_summary_of_il2_gives_class_names_definition_and_relations_both_ways() -> None:
    rows = _run("entity-summary")  # default entity: IL-2
    out = {(row["predicate"], row["other"]) for row in rows if str(row["direction"]) == "out"}
    into = {(row["predicate"], row["other"]) for row in rows if str(row["direction"]) == "in"}
    assert (rows[0]["predicate"], rows[0]["other"]) == (RDF.type, IL2KG.Cytokine)
    assert (RDFS.label, Literal("interleukin-2", lang="en")) in out
    assert (SKOS.altLabel, Literal("IL-2", lang="en")) in out
    assert (IL2KG.historicalName, Literal("T-cell growth factor", lang="en")) in out
    assert any(predicate == SKOS.definition for predicate, _ in out)
    assert (IL2KG.hasReceptor, IL2["IL2R-high"]) in out
    assert (IL2KG.isMainProducerOf, IL2.CD4TCell) in into
    assert (IL2KG.isRecombinantFormOf, IL2.Aldesleukin) in into
    assert (RDF.type, OWL.NamedIndividual) not in out
    labels = {row["other"]: str(row["otherLabel"]) for row in rows if "otherLabel" in row}
    assert labels[IL2["IL2R-high"]] == "high-affinity IL-2 receptor"


def test_summary_shows_a_quantity_by_its_number_and_unit() -> None:
    rows = _run("entity-summary", entity="il2:IL2R-high")
    kd = [row for row in rows if row["predicate"] == IL2KG.hasDissociationConstant]
    assert [(_python(row["other"]), str(row["otherLabel"])) for row in kd] == [
        (2.5e-11, "mole per litre")
    ]
    assert all(not isinstance(row["other"], BNode) for row in rows)


# --- 15. statistics ------------------------------------------------------------------------


def test_statistics_count_classes_relations_and_totals() -> None:
    rows = _run("graph-statistics")
    counts = {(str(row["kind"]), row.get("term")): _python(row["count"]) for row in rows}
    assert counts[("class", IL2KG.Cytokine)] == 6
    assert counts[("class", IL2KG.ReceptorChain)] == 8  # with IL-15R alpha
    assert counts[("object property", IL2KG.hasReceptor)] == 9  # IL-15 binds IL-15R alpha alone
    assert counts[("object property", IL2KG.isReceptorFor)] == 0  # inverses are not asserted
    totals = {str(row["termLabel"]): _python(row["count"]) for row in rows if "term" not in row}
    assert totals["triples"] == len(_graph())
    individuals = set(_graph().subjects(RDF.type, OWL.NamedIndividual))
    assert totals["named individuals"] == len(individuals)
    # Proteins with the instances of their subclasses: 6 cytokines, 8 receptor chains, 2 Janus
    # kinases, 4 other kinases (AKT1, MAPK1, MTOR, PIK3CA), 5 transcription factors (STAT1, STAT3,
    # STAT5A, STAT5B, FOXP3), the adaptors and GTPases of the SHC-RAS arm (SHC1, GRB2, SOS1, HRAS,
    # KRAS), PI3K's regulatory subunit PIK3R1 and the Fas receptor.
    graph = _graph()
    classes = set(graph.transitive_subjects(RDFS.subClassOf, IL2KG.Protein))
    members = {member for cls in classes for member in graph.subjects(RDF.type, cls)}
    protein = [_python(r["countWithSubclasses"]) for r in rows if r.get("term") == IL2KG.Protein]
    assert protein == [len(members)] == [32]


# --- meta-tests ----------------------------------------------------------------------------


def test_every_named_query_is_present_and_no_other() -> None:
    assert {path.stem for path in QUERY_FILES} == NAMED_QUERIES


@pytest.mark.parametrize("path", QUERY_FILES, ids=[path.stem for path in QUERY_FILES])
def test_query_header_is_complete_and_consistent(path: Path) -> None:
    name = path.stem
    header = _header(name)
    for key in ("summary", "description", "example"):
        assert isinstance(header.get(key), str) and header[key], f"{name}: no {key}"
    assert isinstance(header.get("tags"), list) and header["tags"], f"{name}: no tags"
    example = header["example"]
    assert isinstance(example, str)
    assert example.split()[:3] == ["il2kg", "query", name]
    parameters = _parameters(name)
    for param, value in _defaults(name).items():
        assert param in parameters, f"{name}: default for unknown parameter {param}"
        assert re.match(r"^https?://\S+$", value), f"{name}: default {value} is not a full IRI"
    enumerate_ = header.get("enumerate", [])
    assert isinstance(enumerate_, list)
    assert set(enumerate_) <= set(parameters), f"{name}: enumerates an unknown parameter"
    given = dict(_EXAMPLE_PARAM.findall(example))
    assert set(given) <= set(parameters), f"{name}: example sets an unknown parameter"
    required = {param for param, (_, _, is_required) in parameters.items() if is_required}
    assert required <= set(_defaults(name)) | set(given), f"{name}: required parameter unset"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[path.stem for path in QUERY_FILES])
def test_query_parses_and_uses_plain_sparql(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\b(SERVICE|FROM)\b", body), "no SERVICE or FROM: it runs anywhere"
    assert not re.search(r"\bVALUES\s*\?_", body), "parameters are bound by the engine"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[path.stem for path in QUERY_FILES])
def test_query_runs_unbound_and_runs_its_example(path: Path) -> None:
    name = path.stem
    # as in any SPARQL client (here pyoxigraph, on the files as they are): unbound parameter
    # variables match everything
    unbound = list(_plain_store().query(_text(name)))
    assert unbound, f"{name} returns nothing with its parameters unbound"
    example = _header(name)["example"]
    assert isinstance(example, str)
    assert _run(name, **dict(_EXAMPLE_PARAM.findall(example))), f"{name}: example returns nothing"


# --- with the OWL 2 RL closure (the default of il2kg query) ---------------------------------


def test_with_reasoning_gamma_c_cytokines_come_from_composition_alone() -> None:
    rows = _run("cytokines-sharing-chain", reasoning=True, chain="il2:IL2RG")
    assert {row["cytokine"] for row in rows} == {
        IL2.IL2,
        IL2.IL4,
        IL2.IL7,
        IL2.IL9,
        IL2.IL15,
        IL2.IL21,
    }


def test_with_reasoning_il2_does_not_reach_every_t_cell_subtype() -> None:
    """Review I4: a statement about T cells says nothing about each T-cell subtype."""
    rows = [row for row in _run("cytokine-cells", reasoning=True) if str(row["role"]) == "target"]
    cells = {row["cell"] for row in rows}
    assert {IL2.TCell, IL2.Th2Cell, IL2.RegulatoryTCell, IL2.NKCell} <= cells
    assert IL2.Th1Cell not in cells and IL2.HelperTCell not in cells


def test_with_reasoning_daclizumab_targets_the_high_affinity_receptor_directly() -> None:
    rows = _run("therapeutics-targeting", reasoning=True, target="il2:IL2R-high")
    direct = {row["therapeutic"] for row in rows if "via" not in row}
    assert {IL2.Daclizumab, IL2.Basiliximab, IL2.Aldesleukin} <= direct
    asserted = _run("therapeutics-targeting", target="il2:IL2R-high")
    assert IL2.Daclizumab not in {row["therapeutic"] for row in asserted if "via" not in row}
