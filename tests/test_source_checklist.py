"""The checklist: every statement of fact in the two source documents, and the triples that encode it.

Each entry names the passage (line range of the local copy under ``shared/sources/``), a few
keywords that must appear on those lines (so the locator is right), a paraphrase of the statement,
and a SPARQL pattern that must hold on the asserted graph. The meta-tests check that every
content line of both documents belongs to a passage and that every passage is in the checklist
and is cited as a source by the graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from il2kg.terms import IL2, IL2KG, PREFIXES

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
INFONET = "interleukin-2-aids-infonet-fact-sheet-482-2014.txt"
DIMOV = "interleukin-2-allergy-notes-dimov-2011.txt"

# Content lines of each document: the article body, without navigation and page furniture.
BODY_LINES = {INFONET: range(28, 79), DIMOV: range(6, 44)}
# Lines inside the body that state no fact about IL-2 (a figure caption and a section heading).
NON_STATEMENT_LINES = {DIMOV: {10, 12}}


@dataclass(frozen=True)
class Statement:
    """One statement of a source document and the pattern that encodes it."""

    passage: str
    keywords: tuple[str, ...]
    paraphrase: str
    pattern: str


CHECKLIST: tuple[Statement, ...] = (
    # --- AIDS InfoNet fact sheet 482 -------------------------------------------------------
    Statement(
        "InfoNet482-L28",
        ("protein", "T-helper"),
        "T-helper cells make IL-2 when an infection stimulates them",
        "il2:HelperTCell il2kg:produces il2:IL2 ; il2kg:isActivatedByStimulus il2:Infection .",
    ),
    Statement(
        "InfoNet482-L28",
        ("multiply",),
        "IL-2 drives immune cells to divide and mature",
        "il2:effect-TCell-proliferation dcterms:source il2:InfoNet482-L28 .",
    ),
    Statement(
        "InfoNet482-L28",
        ("CD4",),
        "IL-2 users get large CD4 count rises",
        "il2:effect-CD4-expansion il2kg:effectOnCellType il2:CD4TCell ; dcterms:source il2:InfoNet482-L28 .",
    ),
    Statement(
        "InfoNet482-L28",
        ("modulator",),
        "IL-2 is an immune modulator",
        "il2:Aldesleukin a il2kg:Immunomodulator .",
    ),
    Statement(
        "InfoNet482-L30",
        ("FDA", "cancer"),
        "FDA-approved for some cancers",
        "il2:ind-aldesleukin-mRCC il2kg:hasApprovalStatus il2:Approved ; il2kg:regulatoryAgency il2:FDA ; dcterms:source il2:InfoNet482-L30 .",
    ),
    Statement(
        "InfoNet482-L30",
        ("not approved",),
        "not approved for HIV",
        "il2:ind-aldesleukin-HIV il2kg:indicationFor il2:HIVInfection ; il2kg:hasApprovalStatus il2:NotApproved .",
    ),
    Statement(
        "InfoNet482-L30",
        ("stopped",),
        "two negative trials ended IL-2 research in HIV",
        "il2:ind-aldesleukin-HIV il2kg:researchDiscontinued true . il2:outcome-ESPRIT-clinical il2kg:hasResult il2:NoClinicalBenefit .",
    ),
    Statement(
        "InfoNet482-L32",
        ("Chiron", "gene splicing"),
        "Chiron made IL-2 by recombinant DNA technology (kept as the fact sheet's claim; Cetus developed it)",
        "?claim a il2kg:SourceClaim ; dcterms:source il2:InfoNet482-L32 ; il2kg:claimAbout il2:Proleukin , il2:Chiron . il2:Proleukin il2kg:hasActiveIngredient il2:Aldesleukin . il2:Aldesleukin a il2kg:RecombinantCytokine ; il2kg:isRecombinantFormOf il2:IL2 .",
    ),
    Statement(
        "InfoNet482-L32",
        ("Proleukin", "Novartis"),
        "the product is Proleukin and passed to Novartis (a dated claim; Novartis's holding has an end year)",
        "il2:Proleukin il2kg:brandName ?brand ; il2kg:hasRightsHolding ?h . ?h il2kg:rightsHolder il2:Novartis ; il2kg:endYear ?end . il2:Novartis il2kg:acquired il2:Chiron . ?claim a il2kg:SourceClaim ; dcterms:source il2:InfoNet482-L32 ; il2kg:claimAbout il2:Novartis ; il2kg:claimType il2:DatedStatement .",
    ),
    Statement(
        "InfoNet482-L36",
        ("CD4+",),
        "IL-2 stimulates immunity and raises CD4+ cells",
        "il2:IL2 il2kg:hasTargetCell il2:CD4TCell . il2:effect-CD4-expansion dcterms:source il2:InfoNet482-L36 .",
    ),
    Statement(
        "InfoNet482-L36",
        ("higher",),
        "higher starting counts gave larger rises",
        "il2:outcome-early-CD4 il2kg:hasResult il2:Increased ; dcterms:source il2:InfoNet482-L36 .",
    ),
    Statement(
        "InfoNet482-L38",
        ("2009", "two major"),
        "two large trials completed in 2009",
        "il2:ESPRIT il2kg:completionYear 2009 ; il2kg:studiesIntervention il2:Aldesleukin . il2:SILCAAT il2kg:completionYear 2009 .",
    ),
    Statement(
        "InfoNet482-L38",
        ("not as good",),
        "IL-2-driven CD4 gains are worth less than ART-driven ones (the fact sheet's explanation)",
        "il2:claim-InfoNet-CD4-quality a il2kg:SourceClaim ; il2kg:claimType il2:Explanation ; dcterms:source il2:InfoNet482-L38 ; il2kg:claimAbout il2:ESPRIT , il2:SILCAAT ; il2kg:establishedBy il2:INSIGHT2009 .",
    ),
    Statement(
        "InfoNet482-L40",
        ("different types", "alphabet"),
        "CD4 cell types likened to letters of the alphabet (an analogy)",
        "il2:claim-InfoNet-CD4-alphabet a il2kg:SourceClaim ; il2kg:claimType il2:Analogy ; dcterms:source il2:InfoNet482-L40 ; il2kg:claimAbout il2:CD4TCell .",
    ),
    Statement(
        "InfoNet482-L44",
        ("missing",),
        "IL-2 expands surviving CD4 types, does not restore lost ones",
        "il2:effect-CD4-expansion dcterms:source il2:InfoNet482-L44 .",
    ),
    Statement(
        "InfoNet482-L44",
        ("improvement",),
        "CD4 counts rose significantly without health improvement",
        "il2:outcome-ESPRIT-CD4 il2kg:hasResult il2:Increased . il2:outcome-SILCAAT-clinical il2kg:hasResult il2:NoClinicalBenefit ; dcterms:source il2:InfoNet482-L44 .",
    ),
    Statement(
        "InfoNet482-L46",
        ("resting",),
        "IL-2 did not flush out latently infected CD4 cells",
        "il2:IL2ReservoirStudies il2kg:hasOutcome ?o . ?o il2kg:hasResult il2:NotSuccessful ; il2kg:outcomeMeasure il2:ReservoirClearance .",
    ),
    Statement(
        "InfoNet482-L50",
        ("intravenous", "subcutaneous"),
        "given by IV infusion and twice-daily SC injection",
        "il2:Aldesleukin il2kg:administeredVia il2:IntravenousInfusion , il2:SubcutaneousInjection . il2:regimen-HIV-SC-cycles il2kg:dosesPerDay 2 .",
    ),
    Statement(
        "InfoNet482-L50",
        ("5 days", "8 weeks"),
        "largest CD4 gains with daily dosing for 5 days every 8 weeks",
        "il2:regimen-HIV-SC-cycles il2kg:cycleLengthDays 5 ; il2kg:cycleIntervalWeeks 8 ; skos:note ?schedule ; dcterms:source il2:InfoNet482-L50 .",
    ),
    Statement(
        "InfoNet482-L50",
        ("less frequently",),
        "later cycles can be spaced out",
        "il2:regimen-HIV-SC-cycles il2kg:maximumCycleIntervalYears ?years .",
    ),
    Statement(
        "InfoNet482-L52",
        ("best dosage",),
        "the best dose is unknown",
        "il2:regimen-HIV-SC-cycles il2kg:optimalDoseEstablished false .",
    ),
    Statement(
        "InfoNet482-L52",
        ("international units",),
        "doses are stated in MIU",
        "il2:regimen-HIV-SC-cycles il2kg:doseUnit il2:MillionInternationalUnits .",
    ),
    Statement(
        "InfoNet482-L52",
        ("six years", "3 years"),
        "long-term users spaced cycles up to 3 years and kept higher CD4",
        "il2:IL2LongTermFollowUp il2kg:hasOutcome il2:outcome-longterm-CD4 . il2:outcome-longterm-CD4 il2kg:hasResult il2:Increased . il2:regimen-HIV-SC-cycles il2kg:maximumCycleIntervalYears 3.0 .",
    ),
    Statement(
        "InfoNet482-L56",
        ("viral load", "six times"),
        "without ART, viral load can rise up to 6-fold, transiently",
        "il2:ae-viral-load il2kg:occursInAbsenceOf il2:AntiretroviralTherapy ; il2kg:maximumFoldIncrease 6 ; il2kg:resolution ?r .",
    ),
    Statement(
        "InfoNet482-L56",
        ("no reason",),
        "IL-2 no longer has a place in HIV care",
        "il2:ind-aldesleukin-HIV skos:note ?note ; dcterms:source il2:InfoNet482-L56 .",
    ),
    Statement(
        "InfoNet482-L58",
        ("capillary leak",),
        "CLS is the most common side effect of IV IL-2",
        "il2:ae-CLS il2kg:adverseCondition il2:CapillaryLeakSyndrome ; il2kg:underRoute il2:IntravenousInfusion ; il2kg:isMostCommon true .",
    ),
    Statement(
        "InfoNet482-L58",
        ("weight gain", "swelling"),
        "CLS brings weight gain, swelling and low blood pressure",
        "il2:CapillaryLeakSyndrome il2kg:hasManifestation il2:WeightGain , il2:Edema , il2:Hypotension .",
    ),
    Statement(
        "InfoNet482-L60",
        ("flu-like", "chills"),
        "flu-like symptoms at lower doses",
        "il2:ae-flu-like il2kg:atDoseLevel il2:LowDose ; il2kg:adverseCondition il2:FluLikeSymptoms . il2:FluLikeSymptoms il2kg:hasManifestation il2:Fever , il2:Chills , il2:Myalgia .",
    ),
    Statement(
        "InfoNet482-L60",
        ("arthritis", "psoriasis", "diabetes"),
        "IL-2 can worsen immune disorders",
        "il2:Aldesleukin il2kg:canWorsen il2:AutoimmuneArthritis , il2:Psoriasis , il2:Type1Diabetes . il2:ae-psoriasis il2kg:isWorsening true .",
    ),
    Statement(
        "InfoNet482-L60",
        ("diabetes",),
        "the fact sheet's unqualified 'diabetes', kept as an imprecise statement read as type 1 diabetes",
        "il2:claim-InfoNet-L60-diabetes il2kg:claimType il2:ImpreciseStatement ; dcterms:source il2:InfoNet482-L60 ; il2kg:claimAbout il2:Type1Diabetes .",
    ),
    Statement(
        "InfoNet482-L60",
        ("neutrophils",),
        "IL-2 can lower neutrophil counts",
        "il2:ae-neutropenia il2kg:adverseCondition il2:Neutropenia .",
    ),
    Statement(
        "InfoNet482-L60",
        ("thyroid",),
        "IL-2 can cause low thyroid",
        "il2:ae-hypothyroidism il2kg:adverseCondition il2:Hypothyroidism .",
    ),
    Statement(
        "InfoNet482-L62",
        ("milder",),
        "SC side effects are milder than IV",
        'il2:ae-SC-milder il2kg:underRoute il2:SubcutaneousInjection ; il2kg:relativeSeverity "milder" ; il2kg:comparedWithRoute il2:IntravenousInfusion .',
    ),
    Statement(
        "InfoNet482-L62",
        ("irritation",),
        "SC adds injection-site irritation",
        "il2:ae-injection-site il2kg:adverseCondition il2:InjectionSiteIrritation ; il2kg:underRoute il2:SubcutaneousInjection .",
    ),
    Statement(
        "InfoNet482-L62",
        ("2 to 6 hours",),
        "side effects start 2-6 h after injection and end after the cycle",
        "il2:ae-flu-like il2kg:onsetMinHours 2 ; il2kg:onsetMaxHours 6 ; il2kg:resolution ?r .",
    ),
    Statement(
        "InfoNet482-L64",
        ("mood", "insomnia"),
        "mood changes that can outlast treatment by days",
        "il2:ae-mood il2kg:adverseCondition il2:MoodChanges ; il2kg:resolution ?r . il2:MoodChanges il2kg:hasManifestation il2:Irritability , il2:Insomnia , il2:Confusion , il2:Depression .",
    ),
    Statement(
        "InfoNet482-L68",
        ("naturally",),
        "the body makes IL-2 itself",
        "[] owl:annotatedSource il2:Aldesleukin ; owl:annotatedProperty il2kg:isRecombinantFormOf ; owl:annotatedTarget il2:IL2 ; dcterms:source il2:InfoNet482-L68 .",
    ),
    Statement(
        "InfoNet482-L68",
        ("interactions",),
        "no serious interactions with ARVs",
        "il2:Aldesleukin il2kg:hasNoSeriousInteractionWith il2:AntiretroviralTherapy .",
    ),
    Statement(
        "InfoNet482-L68",
        ("resistance",),
        "no resistance with cyclic use (in HIV; kept as the fact sheet's claim)",
        "?claim a il2kg:SourceClaim ; dcterms:source il2:InfoNet482-L68 ; il2kg:claimAbout il2:Aldesleukin , il2:HIVInfection .",
    ),
    Statement(
        "InfoNet482-L72",
        ("T-helper", "improvement"),
        "large CD4 (T-helper) rises without better health",
        "il2:outcome-ESPRIT-clinical dcterms:source il2:InfoNet482-L72 . il2:effect-CD4-expansion dcterms:source il2:InfoNet482-L72 .",
    ),
    Statement(
        "InfoNet482-L74",
        ("5-day cycles", "8 weeks"),
        "usually 5-day cycles of 2 SC injections a day, every 8 weeks at first",
        "il2:regimen-HIV-SC-cycles il2kg:cycleLengthDays 5 ; il2kg:dosesPerDay 2 ; il2kg:cycleIntervalWeeks 8 ; il2kg:underRoute il2:SubcutaneousInjection .",
    ),
    Statement(
        "InfoNet482-L76",
        ("irritation", "flu-like"),
        "injection-site irritation and flu-like symptoms, resolving after the cycle",
        "il2:ae-injection-site dcterms:source il2:InfoNet482-L76 . il2:ae-flu-like dcterms:source il2:InfoNet482-L76 .",
    ),
    Statement(
        "InfoNet482-L76",
        ("3 years",),
        "long-term users kept their CD4 gains with cycles as rare as one in three years",
        "il2:outcome-longterm-CD4 dcterms:source il2:InfoNet482-L76 .",
    ),
    Statement(
        "InfoNet482-L78",
        ("no reason",),
        "no reason to take IL-2 to enhance ART",
        "il2:ind-aldesleukin-HIV dcterms:source il2:InfoNet482-L78 ; il2kg:hasApprovalStatus il2:NotApproved .",
    ),
    # --- Allergy Notes, Dimov 2011 --------------------------------------------------------
    Statement(
        "Dimov2011-L6",
        ("CD4 T cells",),
        "IL-2 is made by T cells, chiefly the CD4 subset",
        "il2:CD4TCell il2kg:isMainProducerOf il2:IL2 . il2:TCell il2kg:produces il2:IL2 .",
    ),
    Statement(
        "Dimov2011-L8",
        ("3 proteins",),
        "the receptor has three chains",
        "il2:IL2R-high il2kg:hasChain il2:IL2RA , il2:IL2RB , il2:IL2RG .",
    ),
    Statement(
        "Dimov2011-L8",
        ("Jak3-STAT5",),
        "the receptor engages the JAK3-STAT5 pathway",
        "il2:IL2R-high il2kg:engagesPathway il2:JAK3-STAT5-pathway . il2:JAK3 il2kg:activates il2:STAT5A , il2:STAT5B . il2:IL2RG il2kg:associatesWithKinase il2:JAK3 .",
    ),
    Statement(
        "Dimov2011-L8",
        ("IL-4", "IL-21"),
        "receptors of IL-2, -4, -7, -9, -15, -21 contain the gamma chain",
        "il2:IL4 il2kg:hasReceptor/il2kg:hasChain il2:IL2RG . il2:IL7 il2kg:hasReceptor/il2kg:hasChain il2:IL2RG . il2:IL9 il2kg:hasReceptor/il2kg:hasChain il2:IL2RG . il2:IL15 il2kg:hasReceptor/il2kg:hasChain il2:IL2RG . il2:IL21 il2kg:hasReceptor/il2kg:hasChain il2:IL2RG . il2:IL2 il2kg:hasReceptor/il2kg:hasChain il2:IL2RG .",
    ),
    Statement(
        "Dimov2011-L8",
        ("X-linked",),
        "the gamma chain is affected in X-linked SCID",
        "il2:XSCID il2kg:hasBasisInDefectOf il2:IL2RG .",
    ),
    Statement(
        "Dimov2011-L14",
        ("proliferation", "cytokine synthesis"),
        "T cells: proliferation and more cytokine synthesis",
        "il2:effect-TCell-proliferation il2kg:effectOnCellType il2:TCell ; il2kg:effectProcess il2:TCellProliferation . il2:effect-TCell-cytokines il2kg:effectProcess il2:CytokineProduction .",
    ),
    Statement(
        "Dimov2011-L14",
        ("Fas-mediated",),
        "IL-2 potentiates Fas-mediated apoptosis",
        "il2:effect-TCell-AICD il2kg:effectProcess il2:ActivationInducedCellDeath . il2:ActivationInducedCellDeath il2kg:hasParticipant il2:FAS .",
    ),
    Statement(
        "Dimov2011-L14",
        ("regulatory T cell",),
        "IL-2 promotes Treg development and survival",
        "il2:effect-Treg-development il2kg:effectOnCellType il2:RegulatoryTCell ; il2kg:effectProcess il2:TregDifferentiation . il2:effect-Treg-survival il2kg:effectProcess il2:TregSurvival .",
    ),
    Statement(
        "Dimov2011-L15",
        ("NK cells", "activation"),
        "NK cells: proliferation and activation",
        "il2:effect-NK-proliferation il2kg:effectOnCellType il2:NKCell ; il2kg:effectProcess il2:NKCellProliferation . il2:effect-NK-activation il2kg:effectProcess il2:NKCellActivation .",
    ),
    Statement(
        "Dimov2011-L16",
        ("B cells", "in vitro"),
        "B cells: proliferation and antibody synthesis, in vitro",
        "il2:effect-B-proliferation il2kg:effectOnCellType il2:BCell ; il2kg:observedIn il2:InVitro . il2:effect-B-antibody il2kg:effectProcess il2:AntibodyProduction ; il2kg:observedIn il2:InVitro .",
    ),
    Statement(
        "Dimov2011-L18",
        ("allergen", "IL-2Ra"),
        "allergen-activated Th2 cells make IL-2 and IL-2Ra",
        "il2:Th2Cell il2kg:isActivatedByStimulus il2:Allergen ; il2kg:produces il2:IL2 ; il2kg:expressesUponActivation il2:IL2RA .",
    ),
    Statement(
        "Dimov2011-L20",
        ("clone",),
        "IL-2 binding drives proliferation of the sensitised Th2 clone",
        "il2:effect-Th2-clonal-expansion il2kg:effectOnCellType il2:Th2Cell ; il2kg:effectProcess il2:Th2ClonalExpansion .",
    ),
    Statement(
        "Dimov2011-L22",
        ("survival", "T-cell growth factor"),
        "IL-2 supports antigen-specific T cells; old name T-cell growth factor",
        'il2:effect-TCell-survival il2kg:effectProcess il2:TCellSurvival . il2:IL2 il2kg:historicalName "T-cell growth factor"@en .',
    ),
    Statement(
        "Dimov2011-L27",
        ("Humanized",),
        "daclizumab is a humanized mAb",
        "il2:Daclizumab a il2kg:HumanizedMonoclonalAntibody .",
    ),
    Statement(
        "Dimov2011-L27",
        ("CD25",),
        "it binds the alpha chain (CD25) on T cells",
        'il2:Daclizumab il2kg:isAntagonistOf il2:IL2RA ; il2kg:actsOnCellType il2:TCell . il2:IL2RA il2kg:cdDesignation "CD25" .',
    ),
    Statement(
        "Dimov2011-L27",
        ("renal allograft", "Zenapax"),
        "approved to prevent renal allograft rejection; brand Zenapax",
        "il2:ind-daclizumab-rejection il2kg:indicationFor il2:RenalAllograftRejection ; il2kg:hasUseIntent il2:Prophylaxis . il2:Zenapax il2kg:hasActiveIngredient il2:Daclizumab .",
    ),
    Statement(
        "Dimov2011-L27",
        ("Inhibits", "TH1"),
        "inhibits IL-2-induced proliferation; reduces Th1 and Th2 cytokines",
        "il2:Daclizumab il2kg:inhibitsProcess il2:TCellProliferation , il2:Th1CytokineProduction , il2:Th2CytokineProduction .",
    ),
    Statement(
        "Dimov2011-L29",
        ("asthma", "tolerated"),
        "well tolerated in asthma trials (kept as the notes' imprecise claim) with clinical improvement",
        "il2:DaclizumabAsthmaTrial il2kg:hasOutcome il2:outcome-asthma-control , il2:outcome-asthma-safety . il2:outcome-asthma-control il2kg:hasResult il2:Improved . il2:claim-Dimov-L29-asthma-tolerability il2kg:claimType il2:ImpreciseStatement ; dcterms:source il2:Dimov2011-L29 ; il2kg:establishedBy il2:Busse2008 .",
    ),
    Statement(
        "Dimov2011-L29",
        ("pleiotropic", "caution"),
        "caution in targeting a pleiotropic cytokine",
        "il2:ind-daclizumab-asthma skos:note ?note ; dcterms:source il2:Dimov2011-L29 .",
    ),
    Statement(
        "Dimov2011-L33",
        ("Chimeric", "Simulect"),
        "basiliximab is a chimeric anti-IL-2Ra mAb sold as Simulect",
        "il2:Basiliximab a il2kg:ChimericMonoclonalAntibody ; il2kg:isAntagonistOf il2:IL2RA . il2:Simulect il2kg:hasActiveIngredient il2:Basiliximab .",
    ),
    Statement(
        "Dimov2011-L33",
        ("prophylaxis", "renal transplant"),
        "used to prevent acute rejection in kidney transplantation",
        "il2:ind-basiliximab-rejection il2kg:indicationFor il2:RenalAllograftRejection ; il2kg:hasUseIntent il2:Prophylaxis .",
    ),
    Statement(
        "Dimov2011-L37",
        ("renal cell carcinoma", "melanoma"),
        "recombinant IL-2 treats metastatic RCC and melanoma",
        "il2:ind-aldesleukin-mRCC il2kg:indicationFor il2:MetastaticRCC . il2:ind-aldesleukin-melanoma il2kg:indicationFor il2:MetastaticMelanoma . il2:Aldesleukin il2kg:isApprovedFor il2:MetastaticRCC , il2:MetastaticMelanoma .",
    ),
    Statement(
        "Dimov2011-L39",
        ("Graft-versus-Host",),
        "IL-2 as therapy for graft-versus-host disease",
        "il2:ind-aldesleukin-GVHD il2kg:indicationFor il2:GVHD ; il2kg:hasApprovalStatus il2:Investigational ; dcterms:source il2:Dimov2011-L39 .",
    ),
    Statement(
        "Dimov2011-L42",
        ("Busse", "Desensitization"),
        "the page's references",
        "il2:Dimov2011 dcterms:references il2:Busse2008 , il2:SuitedToAT2011 , il2:Montgomery2011 . il2:DaclizumabAsthmaTrial il2kg:isReportedIn il2:Busse2008 .",
    ),
)

_PREAMBLE = "\n".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items())


@pytest.fixture(scope="module")
def asserted() -> Graph:
    """The shipped ontology and data, without inference."""
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "graphs").glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    return graph


def _lines(document: str) -> list[str]:
    return (SOURCES / document).read_text(encoding="utf-8").splitlines()


def _passage_range(graph: Graph, passage: str) -> tuple[str, int, int]:
    node = IL2[passage]
    document = graph.value(node, URIRef("http://purl.org/dc/terms/isPartOf"))
    assert document is not None, f"passage {passage} is not part of a source document"
    copy = graph.value(document, IL2KG.localCopy)
    start = graph.value(node, IL2KG.startLine)
    end = graph.value(node, IL2KG.endLine)
    assert copy is not None and start is not None and end is not None, passage
    return str(copy), int(start), int(end)


@pytest.mark.parametrize("statement", CHECKLIST, ids=lambda s: f"{s.passage}:{s.paraphrase[:40]}")
def test_statement_is_encoded(asserted: Graph, statement: Statement) -> None:
    document, start, end = _passage_range(asserted, statement.passage)
    text = " ".join(_lines(document)[start - 1 : end])
    for keyword in statement.keywords:
        assert keyword in text, f"{keyword!r} is not on lines {start}-{end} of {document}"
    query = f"{_PREAMBLE}\nASK {{ {statement.pattern} }}"
    assert asserted.query(query).askAnswer, (
        f"not encoded: {statement.paraphrase}\n{statement.pattern}"
    )


def test_every_passage_is_in_the_checklist_and_cited(asserted: Graph) -> None:
    passages = {
        str(node).removeprefix(str(IL2))
        for node in asserted.subjects(URIRef(str(PREFIXES["rdf"]) + "type"), IL2KG.SourcePassage)
    }
    assert passages == {statement.passage for statement in CHECKLIST}
    source = URIRef("http://purl.org/dc/terms/source")
    uncited = sorted(p for p in passages if not set(asserted.subjects(source, IL2[p])))
    assert uncited == []


def test_every_content_line_belongs_to_a_passage(asserted: Graph) -> None:
    covered: dict[str, set[int]] = {INFONET: set(), DIMOV: set()}
    for statement in CHECKLIST:
        document, start, end = _passage_range(asserted, statement.passage)
        covered[document].update(range(start, end + 1))
    for document, body in BODY_LINES.items():
        lines = _lines(document)
        content = {n for n in body if lines[n - 1].strip()} - NON_STATEMENT_LINES.get(
            document, set()
        )
        assert sorted(content - covered[document]) == [], f"uncovered lines of {document}"
