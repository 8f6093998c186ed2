//! Every word of the report and the page, in English and Dutch side by side.
//!
//! * UI strings: one [`T`] key each, with both languages in one arm of
//!   [`pair`] (an exhaustive `match`, so a key without a translation does not
//!   compile). Placeholders are written `{name}` and filled by [`fill`]; a
//!   test checks that both languages use the same ones.
//! * Names from the data (stakeholders, cost categories, outcomes, series,
//!   parameters): tables of `(key, English, Dutch)`, with tests that every
//!   key the program can write has a row.
//!
//! Dutch follows the field's own words (wijkteam, schuldhulpverlening,
//! MKBA, netto contante waarde, baten en kosten, gemeente, zorgverzekeraar,
//! rijksoverheid, schuldeisers, huishoudens). The linkage models are *breed*,
//! *gedeeltelijk* and *apart* in Dutch text ([`super::model`]); the data
//! files keep their keys (`broad`, `partial`, `separate`).

use crate::format::Lang;

macro_rules! keys {
    ($($(#[$doc:meta])* $key:ident),* $(,)?) => {
        /// A UI string of the report.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T {
            $($(#[$doc])* $key),*
        }

        impl T {
            /// Every key, for the completeness test.
            pub const ALL: &'static [T] = &[$(T::$key),*];
        }
    };
}

keys! {
    /// `<title>`.
    PageTitle,
    /// Under the scenario name.
    Subtitle,
    /// Before the headline table: which interval answers which question.
    TwoIntervals,
    /// In a table cell, before the spread of the futures.
    FuturesShort,
    /// Value of information: no assumption is worth anything.
    EvppiNone,
    /// Under a heading taken from the scenario's description: its name.
    ScenarioNamed,
    /// Facts line under the title.
    Facts,
    /// Facts: several municipalities.
    FactsMunicipalities,
    /// Table of contents heading.
    Contents,
    /// Footer.
    Footer,
    /// Section: the answer.
    SecAnswer,
    /// Section: who pays and who gains.
    SecMoney,
    /// Section: over time.
    SecTime,
    /// Section: sensitivity.
    SecSensitivity,
    /// Section: municipalities.
    SecMunicipalities,
    /// Section: method and assumptions.
    SecMethod,
    /// Section: reproduce this.
    SecReproduce,
    /// Section: all parameters.
    SecParameters,
    /// Decision: pilot a model.
    RulePilot,
    /// Decision: tied models.
    RuleTied,
    /// Decision: keep the reference.
    RuleKeep,
    /// Decision: none reliably better.
    RuleNoneBetter,
    /// Decision: all within the noise.
    RuleWithinNoise,
    /// Decision: no recommendation (single model, no MKBA).
    RuleNone,
    /// Heading over the recommendation text.
    RecommendationInFull,
    /// A model is best in k of n futures.
    BestInKofN,
    /// A model is best in about k of n futures (ties shared).
    BestInAboutKofN,
    /// Models that are never best.
    NeverBest,
    /// What the futures are, without PSA.
    FuturesNoise,
    /// What the futures are, with PSA.
    FuturesPsa,
    /// How to read the dot charts.
    DotsExplained,
    /// How to read the dot charts with one replication.
    DotsExplainedOne,
    /// Best model with one replication.
    BestInOne,
    /// Over-time intro with one replication.
    TimeIntroOne,
    /// Municipalities intro with one replication.
    MunicipalitiesIntroOne,
    /// The word "one" before "simulated future" in the facts line.
    OneFuturePerModel,
    /// "N simulated futures per model".
    FuturesPerModel,
    /// What the dashed line in the dot charts is.
    DashedLine,
    /// Intervals include chance only.
    IntervalsNoise,
    /// Intervals include the assumptions too.
    IntervalsPsa,
    /// Which direction is better.
    DirectionNote,
    /// A run of models without the reference: levels, not differences.
    LevelsNote,
    /// Heading: what could change the choice.
    ChangesHeading,
    /// A variation that changes the best model.
    FlipItem,
    /// A variation that narrows the margin most.
    NarrowItem,
    /// No variation changes the choice.
    NoFlip,
    /// What was varied: prices only.
    VariedPrices,
    /// What was varied: prices and behaviour.
    VariedBoth,
    /// Heading: what the pilot should measure.
    MeasureHeading,
    /// One assumption to measure, with its value.
    MeasureItem,
    /// One assumption that moves the margin (no value of information).
    MeasureMarginItem,
    /// Where the choice switches along it.
    MeasureSwitch,
    /// Without PSA: how to learn what to measure.
    MeasureNeedsPsa,
    /// Low end of a range.
    EndLow,
    /// High end of a range.
    EndHigh,
    /// Heading: the three models.
    ModelsHeading,
    /// broad explained.
    ModelBroad,
    /// partial explained.
    ModelPartial,
    /// separate explained.
    ModelSeparate,
    /// Marks the reference model.
    ReferenceTag,
    /// Chart x label: difference from the reference.
    DiffFromReference,
    /// Chart x label: the level.
    Level,
    /// Reference line label.
    ReferenceAt,
    /// Headline chart: NPV.
    HeadlineNpv,
    /// Interval legend: 50%.
    Middle50,
    /// Interval legend: 95%.
    Middle95,
    /// Money section intro.
    MoneyIntro,
    /// Chart: NPV per stakeholder.
    StakeholderChart,
    /// Stakeholder axis label.
    EurosAgainstReference,
    /// Waterfall title.
    WaterfallTitle,
    /// Waterfall total.
    NetPresentValue,
    /// Waterfall legend: benefit.
    Benefit,
    /// Waterfall legend: cost.
    Cost,
    /// Categories lumped together.
    OtherCategories,
    /// Table heading: measure.
    Measure,
    /// Table heading: stakeholder.
    Stakeholder,
    /// Row: benefits PV.
    BenefitsPv,
    /// Row: costs PV.
    CostsPv,
    /// Row: benefit/cost ratio.
    Bcr,
    /// Row: break-even year.
    BreakEven,
    /// Row: cost to introduce.
    IntroductionCost,
    /// Row: chance of being best.
    ProbabilityBest,
    /// Break-even sentence.
    BreaksEvenIn,
    /// Does not break even.
    NoBreakEven,
    /// Not applicable.
    NotApplicable,
    /// Table of NPVs by horizon: its introduction.
    HorizonsIntro,
    /// Row: a horizon.
    HorizonYears,
    /// Row: a horizon, partly extrapolated.
    HorizonExtrapolated,
    /// Note under the horizons table.
    HorizonsNote,
    /// The answer box: the best package.
    BestPackageLine,
    /// Packages table: title.
    PackagesTitle,
    /// Packages table: introduction.
    PackagesIntro,
    /// Column: package.
    Package,
    /// Column: credit-bank posts.
    BankPosts,
    /// Column: credit-bank wait.
    BankWait,
    /// Chart: cumulative net benefit.
    CumulativeTitle,
    /// X label: year after the switch.
    YearAfterSwitch,
    /// Label of the zero line of the cumulative chart.
    BreakEvenLine,
    /// Band legend.
    BandMiddle50,
    /// Over-time intro.
    TimeIntro,
    /// X label: years after the switch.
    YearsAfterSwitch,
    /// Sensitivity intro.
    SensitivityIntro,
    /// Tornado: prices.
    TornadoPrices,
    /// Tornado: behaviour.
    TornadoBehaviour,
    /// Tornado x label.
    LeadAxis,
    /// Tornado base line.
    BaseCase,
    /// Tornado legend low.
    LowEnd,
    /// Tornado legend high.
    HighEnd,
    /// Prices that do not move the lead.
    UnmovedCount,
    /// The smallest lead over all variations.
    SmallestLead,
    /// A variation turns the lead around.
    LeadTurns,
    /// Behaviour was not varied.
    BehaviourNotVaried,
    /// Behaviour simulated with fewer replications.
    BehaviourNote,
    /// Only one model: no tornado.
    NoLead,
    /// Heading: value of information.
    EvppiHeading,
    /// EVPPI intro.
    EvppiIntro,
    /// EVPPI chart.
    EvppiChart,
    /// EVPI sentence.
    Evpi,
    /// Table heading: rank.
    Rank,
    /// Table heading: assumption.
    Assumption,
    /// Table heading: value of information.
    ValueOfInformation,
    /// Table heading: share of EVPI.
    ShareOfEvpi,
    /// Table heading: choice switches at.
    SwitchesAt,
    /// Table heading: best below.
    BestBelow,
    /// Table heading: best above.
    BestAbove,
    /// Municipalities intro.
    MunicipalitiesIntro,
    /// One municipality's heading.
    MunicipalityHeading,
    /// Table heading: outcome.
    Outcome,
    /// Scenario paragraph.
    ScenarioParagraph,
    /// Scenario paragraph: every team switches.
    AllTeams,
    /// Scenario paragraph: only these teams switch.
    PilotTeams,
    /// Heading: simplifications.
    SimplificationsHeading,
    /// Heading: non-default parameters.
    NonDefaultHeading,
    /// Every parameter at its default.
    AllDefault,
    /// Heading: changed at the switch.
    FromSwitchHeading,
    /// Explains changed at the switch.
    FromSwitchNote,
    /// Registry texts are English.
    RegistryEnglish,
    /// Table heading: key.
    Key,
    /// Table heading: value.
    Value,
    /// Table heading: default.
    Default,
    /// Table heading: unit.
    Unit,
    /// Table heading: acts from.
    Acts,
    /// Table heading: source.
    Source,
    /// Table heading: meaning.
    Meaning,
    /// Reproduce intro.
    ReproduceIntro,
    /// Program version.
    ProgramVersion,
    /// The command.
    Command,
    /// Input file.
    Input,
    /// Input hash.
    InputHash,
    /// Seed.
    Seed,
    /// Rerun from the report alone.
    RerunFromReport,
    /// The uncertainty table is not in the resolved file.
    UncertaintyNote,
    /// Heading over the TOML.
    ResolvedHeading,
    /// Parameter table intro.
    ParametersIntro,
    /// Marks a non-default value.
    Changed,
    /// The word "households".
    Households,
    /// The word "teams".
    Teams,
    /// `<title>` of a sweep's report.
    SweepPageTitle,
    /// Under a sweep's title.
    SweepSubtitle,
    /// Facts line of a sweep.
    SweepFacts,
    /// Footer of a sweep's report.
    SweepFooter,
    /// One replication per point.
    OneFuture,
    /// Replications per point.
    NFutures,
    /// Outcome: a model's NPV.
    OutcomeNpv,
    /// Outcome: the NPV difference of two models.
    OutcomeNpvDiff,
    /// Outcome: unresolved debt under a model.
    OutcomeUnresolved,
    /// A box's limit on a parameter.
    Limit,
    /// Range: at most.
    AtMost,
    /// Range: at least.
    AtLeast,
    /// Range: one value.
    Equals,
    /// Range: between.
    Between,
    /// Heading: NPV outcomes.
    ChoiceOutcomes,
    /// Heading: other outcomes.
    OtherOutcomes,
    /// One model best at every point.
    SweepBestEverywhere,
    /// The model best most often.
    SweepBestMost,
    /// No model has a result.
    SweepBestNone,
    /// Another model's count.
    SweepBestAt,
    /// The other models' counts.
    SweepOthers,
    /// What best means, with NPVs.
    SweepCriterionNpv,
    /// What best means, without NPVs.
    SweepCriterionDebt,
    /// What a design point is.
    SweepPointsNote,
    /// Points without a result.
    SweepNoResult,
    /// Sweep: points without a clear winner.
    SweepUnclear,
    /// Sweep headline: no point has a clear winner.
    SweepBestUnclear,
    /// Map legend: no clear winner.
    NoClearWinner,
    /// Failed runs.
    FailedRuns,
    /// Subject: the choice between two models.
    ChoiceBetween,
    /// Subject: unresolved debt under a model.
    DebtUnder,
    /// Top driver by ST.
    DriverSobol,
    /// Top driver by mu*.
    DriverMorris,
    /// Top driver by swing.
    DriverOat,
    /// The second driver.
    DriverNext,
    /// No indices for the choice.
    DriverNone,
    /// Where a model is best, from its box.
    BestWhere,
    /// Where a model is best, when it is best at under half the points of its
    /// box: the box holds its points, but does not make it best.
    BestOnlyWhere,
    /// Table heading: model.
    Model,
    /// Table heading: best at.
    BestAtPoints,
    /// Table heading: mean NPV.
    MeanNpv,
    /// Table heading: mean unresolved debt.
    MeanDebt,
    /// Section: Sobol indices.
    SecSobol,
    /// Sobol intro.
    SobolIntro,
    /// Sobol: estimates outside [0, 1].
    SobolCut,
    /// Row: first-order index.
    S1Label,
    /// Row: total index.
    StLabel,
    /// X label of a Sobol chart.
    IndexAxis,
    /// Section: Morris.
    SecMorris,
    /// Morris intro.
    MorrisIntro,
    /// How to read a Morris chart.
    MorrisReading,
    /// X label: mu*.
    MuStarAxis,
    /// Y label: sigma.
    SigmaAxis,
    /// Table heading: mu*.
    MuStarColumn,
    /// Table heading: sigma.
    SigmaColumn,
    /// Table heading: mu.
    MuColumn,
    /// Section: one at a time.
    SecOat,
    /// One-at-a-time intro.
    OatIntro,
    /// Tornado base line.
    BasePoint,
    /// Tornado legend: fall.
    LargestFall,
    /// Tornado legend: rise.
    LargestRise,
    /// Tornado x label.
    ChangeFromBase,
    /// Section: best-model map.
    SecMap,
    /// Map intro.
    MapIntro,
    /// Map caption.
    MapChart,
    /// Map legend: no result.
    NoResult,
    /// Section: scenario discovery.
    SecDiscovery,
    /// Discovery intro.
    DiscoveryIntro,
    /// Heading per model.
    RegionHeading,
    /// A model best everywhere.
    RegionEverywhere,
    /// No box found.
    RegionNoBox,
    /// A model's box.
    RegionBox,
    /// Table heading: the box's range.
    InTheBox,
    /// Table heading: the design's range.
    SweptOver,
    /// A range of values.
    FromTo,
    /// Section: the design.
    SecDesign,
    /// Grid design.
    DesignGrid,
    /// LHS design.
    DesignLhs,
    /// OAT design.
    DesignOat,
    /// Morris design.
    DesignMorris,
    /// Sobol design.
    DesignSobol,
    /// Runs per point.
    DesignRuns,
    /// The base scenario.
    DesignBase,
    /// Table heading: values.
    Values,
    /// Table heading: distribution.
    Distribution,
    /// Table heading: acts from.
    ActsFrom,
    /// Acts from week 0.
    FromStart,
    /// Acts from the switch.
    FromSwitchWeek,
    /// A range in steps.
    InSteps,
    /// Uniform distribution.
    Uniform,
    /// Triangular distribution.
    Triangular,
    /// Sweep file name.
    SweepFile,
    /// Sweep file hash.
    SweepFileHash,
    /// Base scenario hash.
    BaseScenarioHash,
    /// Design hash.
    DesignHash,
    /// Rerun with the original file.
    SweepRerun,
    /// Rerun from the page.
    SweepRerunFromReport,
    /// Rerun note.
    SweepRerunNote,
}

/// Every UI string, English and Dutch side by side.
pub fn pair(t: T) -> (&'static str, &'static str) {
    use T::*;
    match t {
        PageTitle => (
            "{name}: wijksim report",
            "{name}: wijksim-rapport",
        ),
        TwoIntervals => (
            "In the table, each difference is the mean over the simulated futures with its 95% interval of the mean difference (is it reliably better?); under it, the middle 95% of the simulated futures (how different can single futures be?).",
            "In de tabel is elk verschil het gemiddelde over de gesimuleerde toekomsten met het 95%-interval van het gemiddelde verschil (is het aantoonbaar beter?); daaronder de middelste 95% van de gesimuleerde toekomsten (hoe verschillend kunnen afzonderlijke toekomsten zijn?).",
        ),
        FuturesShort => (
            "futures",
            "toekomsten",
        ),
        EvppiNone => (
            "No assumption is worth measuring before deciding: none has a value of information above what the simulation noise alone gives.",
            "Geen enkele aanname is het waard om vóór de keuze te meten: geen heeft een informatiewaarde boven wat de simulatieruis alleen al geeft.",
        ),
        ScenarioNamed => (
            "Scenario “{name}”.",
            "Scenario “{name}”.",
        ),
        Subtitle => (
            "How should Work & Income be linked to the district teams: broad, partial or separate?",
            "Hoe koppelen we Werk en Inkomen aan de wijkteams: breed, gedeeltelijk of apart?",
        ),
        Facts => (
            "{households} households, {teams} district teams; {futures}; {warmup} weeks of warm-up, then {horizon} weeks after the switch.",
            "{households} huishoudens, {teams} wijkteams; {futures}; {warmup} weken inloop, dan {horizon} weken na de omschakeling.",
        ),
        FactsMunicipalities => (
            "{households} households in {municipalities} municipalities, {teams} district teams; {futures}; {warmup} weeks of warm-up, then {horizon} weeks after the switch.",
            "{households} huishoudens in {municipalities} gemeenten, {teams} wijkteams; {futures}; {warmup} weken inloop, dan {horizon} weken na de omschakeling.",
        ),
        Contents => (
            "Contents",
            "Inhoud",
        ),
        Footer => (
            "Made by wijksim {version} from the files of this run folder alone; the same files give the same report, byte for byte.",
            "Gemaakt door wijksim {version}, alleen uit de bestanden van deze uitvoermap; dezelfde bestanden geven byte voor byte hetzelfde rapport.",
        ),
        SecAnswer => (
            "The answer",
            "Het antwoord",
        ),
        SecMoney => (
            "Who pays and who gains",
            "Wie betaalt en wie wint",
        ),
        SecTime => (
            "Over time",
            "In de tijd",
        ),
        SecSensitivity => (
            "What the choice depends on",
            "Waar de keuze van afhangt",
        ),
        SecMunicipalities => (
            "Per municipality",
            "Per gemeente",
        ),
        SecMethod => (
            "Method and assumptions",
            "Methode en aannames",
        ),
        SecReproduce => (
            "Reproduce this",
            "Zelf herhalen",
        ),
        SecParameters => (
            "All parameters",
            "Alle parameters",
        ),
        RulePilot => (
            "Pilot {model}.",
            "Start een pilot met {model}.",
        ),
        RuleTied => (
            "{models} beat {reference} but cannot be told apart.",
            "{models} doen het beter dan {reference}, maar zijn niet van elkaar te onderscheiden.",
        ),
        RuleKeep => (
            "Keep {reference}: every alternative does reliably worse.",
            "Houd {reference}: elk alternatief doet het aantoonbaar slechter.",
        ),
        RuleNoneBetter => (
            "No model reliably beats {reference}.",
            "Geen model doet het aantoonbaar beter dan {reference}.",
        ),
        RuleWithinNoise => (
            "The models cannot be told apart.",
            "De modellen zijn niet van elkaar te onderscheiden.",
        ),
        RuleNone => (
            "This run has no comparison with {reference}, so no recommendation.",
            "Deze run vergelijkt niet met {reference}, dus er is geen advies.",
        ),
        RecommendationInFull => (
            "The recommendation in full",
            "Het advies voluit",
        ),
        BestInKofN => (
            "In {k} of {n} simulated futures {model} comes out best.",
            "In {k} van de {n} gesimuleerde toekomsten komt {model} als beste uit de bus.",
        ),
        BestInAboutKofN => (
            "In about {k} of {n} simulated futures {model} comes out best (ties shared).",
            "In ongeveer {k} van de {n} gesimuleerde toekomsten komt {model} als beste uit de bus (gelijke standen gedeeld).",
        ),
        NeverBest => (
            "Never best: {models}.",
            "Nooit de beste: {models}.",
        ),
        FuturesNoise => (
            "The futures share every assumption and differ only by chance (who loses a job, falls ill, gets into debt).",
            "De toekomsten delen alle aannames en verschillen alleen door toeval (wie zijn baan verliest, ziek wordt, schulden krijgt).",
        ),
        FuturesPsa => (
            "Each future also drew the uncertain assumptions from their plausible ranges.",
            "Elke toekomst trok bovendien de onzekere aannames uit hun plausibele bereik.",
        ),
        DotsExplained => (
            "Dot: mean over the {n} simulated futures. Thick bar: the middle 50% of them; thin bar: the middle 95%.",
            "Stip: gemiddelde over de {n} gesimuleerde toekomsten. Dikke balk: de middelste 50% ervan; dunne balk: de middelste 95%.",
        ),
        DotsExplainedOne => (
            "Each model was simulated once, so there are no ranges: a dot is the value of that one simulated future, and differences between models cannot be called reliable.",
            "Elk model is één keer gesimuleerd, dus er zijn geen bandbreedtes: een stip is de waarde in die ene gesimuleerde toekomst, en verschillen tussen modellen kunnen niet aantoonbaar heten.",
        ),
        BestInOne => (
            "In the one simulated future {model} comes out best.",
            "In de ene gesimuleerde toekomst komt {model} als beste uit de bus.",
        ),
        TimeIntroOne => (
            "Weekly values of the one simulated future. Week 0 is the first week after the switch.",
            "Weekwaarden van de ene gesimuleerde toekomst. Week 0 is de eerste week na de omschakeling.",
        ),
        MunicipalitiesIntroOne => (
            "Each municipality's own outcomes, largest first, in the one simulated future; under the other models the difference from {reference}.",
            "De eigen uitkomsten van elke gemeente, de grootste eerst, in de ene gesimuleerde toekomst; bij de andere modellen het verschil met {reference}.",
        ),
        OneFuturePerModel => (
            "one simulated future per model",
            "één gesimuleerde toekomst per model",
        ),
        FuturesPerModel => (
            "{n} simulated futures per model",
            "{n} gesimuleerde toekomsten per model",
        ),
        DashedLine => (
            "The dashed line is {reference}, with its own mean written above it.",
            "De stippellijn is {reference}, met het eigen gemiddelde erboven.",
        ),
        IntervalsNoise => (
            "The intervals show chance only: what we do not know about the assumptions is not included, so the real uncertainty is larger.",
            "De intervallen tonen alleen toeval: wat we over de aannames niet weten, is niet meegenomen; de werkelijke onzekerheid is dus groter.",
        ),
        IntervalsPsa => (
            "The intervals include chance and what we do not know about the assumptions.",
            "De intervallen bevatten toeval én wat we over de aannames niet weten.",
        ),
        DirectionNote => (
            "For debt, crises, referrals and waits lower is better; for the net present value higher is better. Planned referrals rise when teams find more problems, which can be good.",
            "Voor schulden, crises, verwijzingen en wachttijden is lager beter; voor de netto contante waarde is hoger beter. Geplande verwijzingen stijgen als het wijkteam meer problemen ziet, en dat kan goed zijn.",
        ),
        LevelsNote => (
            "This run has no reference model to compare with; the charts show each model's own level.",
            "Deze run heeft geen referentiemodel om mee te vergelijken; de grafieken tonen het eigen niveau van elk model.",
        ),
        ChangesHeading => (
            "What could change the choice",
            "Wat de keuze kan veranderen",
        ),
        FlipItem => (
            "“{parameter}” at the {end} end of its plausible range: then {model} scores highest.",
            "“{parameter}” aan de {end} kant van het plausibele bereik: dan scoort {model} het hoogst.",
        ),
        NarrowItem => (
            "“{parameter}” at the {end} end of its plausible range narrows the lead most.",
            "“{parameter}” aan de {end} kant van het plausibele bereik verkleint de voorsprong het meest.",
        ),
        NoFlip => (
            "None of the assumptions, varied one at a time over its plausible range, changes which model scores highest.",
            "Geen van de aannames, één voor één gevarieerd over haar plausibele bereik, verandert welk model het hoogst scoort.",
        ),
        VariedPrices => (
            "Varied one at a time: the MKBA prices; behavioural assumptions (how households and staff act) were not varied.",
            "Eén voor één gevarieerd: de prijzen van de MKBA; gedragsaannames (hoe huishoudens en medewerkers handelen) zijn niet gevarieerd.",
        ),
        VariedBoth => (
            "Varied one at a time: the MKBA prices and the behavioural assumptions.",
            "Eén voor één gevarieerd: de prijzen van de MKBA en de gedragsaannames.",
        ),
        MeasureHeading => (
            "What the pilot should measure",
            "Wat de pilot zou moeten meten",
        ),
        MeasureItem => (
            "“{parameter}”: knowing it before choosing is worth {value}.",
            "“{parameter}”: dit vóór de keuze weten is {value} waard.",
        ),
        MeasureMarginItem => (
            "“{parameter}”: it moves the margin between the leading models most.",
            "“{parameter}”: dit verschuift het verschil tussen de voorste modellen het meest.",
        ),
        MeasureSwitch => (
            "Below {at} {below} scores highest, above it {above}.",
            "Onder {at} scoort {below} het hoogst, erboven {above}.",
        ),
        MeasureNeedsPsa => (
            "Which assumption a pilot should measure first was not worked out: that needs simulated futures that each draw the assumptions from their plausible ranges (a probabilistic sensitivity analysis), which this run did not include.",
            "Welke aanname een pilot het eerst zou moeten meten, is niet uitgezocht: daarvoor zijn gesimuleerde toekomsten nodig die elk de aannames uit hun plausibele bereik trekken (een probabilistische gevoeligheidsanalyse), en die zaten niet in deze run.",
        ),
        EndLow => (
            "low",
            "lage",
        ),
        EndHigh => (
            "high",
            "hoge",
        ),
        ModelsHeading => (
            "The three ways of linking Work & Income to the teams",
            "De drie manieren om Werk en Inkomen aan de wijkteams te koppelen",
        ),
        ModelBroad => (
            "W&I tasks belong to the team, enforcement included: team workers decide on benefits and sanctions.",
            "W&I-taken horen bij het wijkteam, handhaving inbegrepen: medewerkers van het wijkteam beslissen over uitkeringen en sancties.",
        ),
        ModelPartial => (
            "A W&I worker is attached to each team for signalling, income support and debt help; legality checks and enforcement stay with the central W&I department.",
            "Aan elk wijkteam is een W&I-medewerker verbonden voor signalering, inkomensondersteuning en schuldhulpverlening; rechtmatigheid en handhaving blijven bij de centrale afdeling W&I.",
        ),
        ModelSeparate => (
            "The team calls in W&I knowledge when it sees a need and refers households to the central W&I department and the debt-help service, which have their own queues.",
            "Het wijkteam haalt W&I-kennis erbij als het dat nodig vindt en verwijst huishoudens naar de centrale afdeling W&I en de schuldhulpverlening, met hun eigen wachtrijen.",
        ),
        ReferenceTag => (
            "reference",
            "referentie",
        ),
        DiffFromReference => (
            "difference from {reference}",
            "verschil met {reference}",
        ),
        Level => (
            "level",
            "niveau",
        ),
        ReferenceAt => (
            "{reference}: {value}",
            "{reference}: {value}",
        ),
        HeadlineNpv => (
            "Net present value for society, against {reference}",
            "Netto contante waarde voor de samenleving, ten opzichte van {reference}",
        ),
        Middle50 => (
            "middle 50%",
            "middelste 50%",
        ),
        Middle95 => (
            "middle 95%",
            "middelste 95%",
        ),
        MoneyIntro => (
            "Net present value over {years} years against {reference}, in euros discounted at {rate} a year: a positive value is better than {reference}. Benefit payments, sanctions and settled debts are transfers: they move money between stakeholders and cancel out for society.",
            "Netto contante waarde over {years} jaar ten opzichte van {reference}, in euro's verdisconteerd met {rate} per jaar: een positieve waarde is beter dan {reference}. Uitkeringen, sancties en kwijtgescholden schulden zijn overdrachten: ze verschuiven geld tussen partijen en vallen voor de samenleving tegen elkaar weg.",
        ),
        StakeholderChart => (
            "Net present value per stakeholder, against {reference}",
            "Netto contante waarde per partij, ten opzichte van {reference}",
        ),
        EurosAgainstReference => (
            "euros against {reference} (mean)",
            "euro ten opzichte van {reference} (gemiddelde)",
        ),
        WaterfallTitle => (
            "Benefits and costs of {model} against {reference}, by category",
            "Baten en kosten van {model} ten opzichte van {reference}, per post",
        ),
        NetPresentValue => (
            "Net present value",
            "Netto contante waarde",
        ),
        Benefit => (
            "Benefit",
            "Baat",
        ),
        Cost => (
            "Cost",
            "Kosten",
        ),
        OtherCategories => (
            "Other ({n} categories)",
            "Overig ({n} posten)",
        ),
        Measure => (
            "Measure",
            "Maat",
        ),
        Stakeholder => (
            "Stakeholder",
            "Partij",
        ),
        BenefitsPv => (
            "Benefits (present value)",
            "Baten (contante waarde)",
        ),
        CostsPv => (
            "Costs (present value)",
            "Kosten (contante waarde)",
        ),
        Bcr => (
            "Euros back per euro of extra cost",
            "Baten per euro extra kosten",
        ),
        BreakEven => (
            "Break-even year",
            "Terugverdienjaar",
        ),
        IntroductionCost => (
            "One-off cost to introduce",
            "Eenmalige invoeringskosten",
        ),
        ProbabilityBest => (
            "Chance of being best",
            "Kans de beste te zijn",
        ),
        BreaksEvenIn => (
            "{model} breaks even in year {year}.",
            "{model} verdient zich terug in jaar {year}.",
        ),
        NoBreakEven => (
            "{model} does not break even within {years} years.",
            "{model} verdient zich binnen {years} jaar niet terug.",
        ),
        NotApplicable => (
            "not applicable",
            "niet van toepassing",
        ),
        HorizonsIntro => (
            "The same run read at several horizons: a debt arrangement takes up to three years, so benefits arrive late and a short horizon can hide them.",
            "Dezelfde run gelezen over verschillende horizonnen: een schuldregeling duurt tot drie jaar, dus de baten komen laat en een korte horizon kan ze verbergen.",
        ),
        HorizonYears => (
            "{years} years",
            "{years} jaar",
        ),
        HorizonExtrapolated => (
            "{years} years (extrapolated)",
            "{years} jaar (geëxtrapoleerd)",
        ),
        HorizonsNote => (
            "Years beyond the {simulated} simulated are extrapolated: each takes the mean of the last simulated years, a steady state, not the last year repeated.",
            "Jaren na de {simulated} gesimuleerde jaren zijn geëxtrapoleerd: elk neemt het gemiddelde van de laatste gesimuleerde jaren, een evenwicht, niet het laatste jaar herhaald.",
        ),
        BestPackageLine => (
            "Of the {n} packages compared (a model with what comes with it), {package} scores highest: {what}, {npv} against plain {reference}, best in {share} of the simulated futures (see “Who pays and who gains”).",
            "Van de {n} vergeleken pakketten (een model met wat erbij hoort) scoort {package} het hoogst: {what}, {npv} ten opzichte van {reference} zonder toevoegingen, het beste in {share} van de gesimuleerde toekomsten (zie „Wie betaalt en wie wint”).",
        ),
        PackagesTitle => (
            "Packages: a model with what comes with it",
            "Pakketten: een model met wat erbij hoort",
        ),
        PackagesIntro => (
            "What would be piloted is a linkage model together with what must come with it, such as how the credit bank is staffed. Each package below met the same simulated futures; its net present value is against the plain {reference}.",
            "Wat in een pilot gaat is een koppelingsmodel met wat erbij moet horen, zoals de bezetting van de kredietbank. Elk pakket hieronder doorliep dezelfde gesimuleerde toekomsten; de netto contante waarde is ten opzichte van {reference} zonder toevoegingen.",
        ),
        Package => (
            "Package",
            "Pakket",
        ),
        BankPosts => (
            "Credit-bank posts in the last year",
            "Formatie kredietbank in het laatste jaar",
        ),
        BankWait => (
            "Wait for the credit bank, weeks",
            "Wachttijd kredietbank, weken",
        ),
        CumulativeTitle => (
            "Cumulative net benefit for society, by year, against {reference}",
            "Cumulatieve netto baten voor de samenleving, per jaar, ten opzichte van {reference}",
        ),
        YearAfterSwitch => (
            "year after the switch",
            "jaar na de omschakeling",
        ),
        BreakEvenLine => (
            "break-even",
            "quitte",
        ),
        BandMiddle50 => (
            "band: middle 50% of the {n} futures",
            "band: middelste 50% van de {n} toekomsten",
        ),
        TimeIntro => (
            "Weekly means over the {n} simulated futures; the band holds the middle 50% of them. Week 0 is the first week after the switch.",
            "Weekgemiddelden over de {n} gesimuleerde toekomsten; de band bevat de middelste 50% ervan. Week 0 is de eerste week na de omschakeling.",
        ),
        YearsAfterSwitch => (
            "years after the switch",
            "jaren na de omschakeling",
        ),
        SensitivityIntro => (
            "Each assumption set to the low and the high end of its plausible range, one at a time, everything else as in the base case. The bars show how far {best} stays ahead of {runner} in net present value; where a bar crosses zero, {runner} would score higher.",
            "Elke aanname op de lage en de hoge kant van haar plausibele bereik gezet, één voor één, al het andere als in het basisscenario. De balken tonen hoever {best} voor blijft op {runner} in netto contante waarde; waar een balk nul passeert, zou {runner} hoger scoren.",
        ),
        TornadoPrices => (
            "Prices: lead of {best} over {runner}",
            "Prijzen: voorsprong van {best} op {runner}",
        ),
        TornadoBehaviour => (
            "Behaviour: lead of {best} over {runner}",
            "Gedrag: voorsprong van {best} op {runner}",
        ),
        LeadAxis => (
            "lead in euros (net present value)",
            "voorsprong in euro (netto contante waarde)",
        ),
        BaseCase => (
            "Base case",
            "Basisscenario",
        ),
        LowEnd => (
            "Low end of range",
            "Lage kant van het bereik",
        ),
        HighEnd => (
            "High end of range",
            "Hoge kant van het bereik",
        ),
        UnmovedCount => (
            "{n} further variations do not move the lead at all.",
            "{n} andere variaties verschuiven de voorsprong helemaal niet.",
        ),
        SmallestLead => (
            "At its smallest, with “{parameter}” at the {end} end of its range, {best} is still {value} ahead.",
            "Op zijn kleinst, met “{parameter}” aan de {end} kant van het bereik, staat {best} nog {value} voor.",
        ),
        LeadTurns => (
            "With “{parameter}” at the {end} end of its range the lead turns: {runner} would be {value} ahead.",
            "Met “{parameter}” aan de {end} kant van het bereik draait de voorsprong om: {runner} zou {value} voor staan.",
        ),
        BehaviourNotVaried => (
            "Behavioural assumptions (how households and staff act) were not varied one at a time.",
            "Gedragsaannames (hoe huishoudens en medewerkers handelen) zijn niet één voor één gevarieerd.",
        ),
        BehaviourNote => (
            "Behavioural variations are simulated again with at most 4 replications each, so their lead carries more noise than the prices'.",
            "Gedragsvariaties zijn opnieuw gesimuleerd met hoogstens 4 replicaties per variatie; hun voorsprong bevat dus meer ruis dan die van de prijzen.",
        ),
        NoLead => (
            "With fewer than two models there is no lead to vary.",
            "Met minder dan twee modellen is er geen voorsprong om te variëren.",
        ),
        EvppiHeading => (
            "What is worth measuring (value of information)",
            "Wat het waard is om te meten (waarde van informatie)",
        ),
        EvppiIntro => (
            "The expected value of knowing an assumption before choosing (EVPPI, Strong, Oakley & Brennan 2014): how much better the choice would be on average. Where the best model changes along the assumption, the table says at which value.",
            "De verwachte waarde van het kennen van een aanname vóór de keuze (EVPPI, Strong, Oakley & Brennan 2014): hoeveel beter de keuze gemiddeld zou uitvallen. Waar het beste model verandert langs de aanname, staat in de tabel bij welke waarde.",
        ),
        EvppiChart => (
            "Value of knowing each assumption before choosing",
            "Waarde van het kennen van elke aanname vóór de keuze",
        ),
        Evpi => (
            "Knowing every assumption before choosing would be worth {value}.",
            "Alle aannames kennen vóór de keuze zou {value} waard zijn.",
        ),
        Rank => (
            "Rank",
            "Rang",
        ),
        Assumption => (
            "Assumption",
            "Aanname",
        ),
        ValueOfInformation => (
            "Value of information",
            "Waarde van informatie",
        ),
        ShareOfEvpi => (
            "Share of the value of knowing everything",
            "Deel van de waarde van alles weten",
        ),
        SwitchesAt => (
            "Choice switches at",
            "Keuze wisselt bij",
        ),
        BestBelow => (
            "Best below",
            "Beste eronder",
        ),
        BestAbove => (
            "Best above",
            "Beste erboven",
        ),
        MunicipalitiesIntro => (
            "Each municipality's own outcomes, largest first. Mean over the {n} simulated futures; under the other models the difference from {reference}, with the middle 95% of the futures.",
            "De eigen uitkomsten van elke gemeente, de grootste eerst. Gemiddelde over de {n} gesimuleerde toekomsten; bij de andere modellen het verschil met {reference}, met de middelste 95% van de toekomsten.",
        ),
        MunicipalityHeading => (
            "{name}: {households} households",
            "{name}: {households} huishoudens",
        ),
        Outcome => (
            "Outcome",
            "Uitkomst",
        ),
        ScenarioParagraph => (
            "Scenario {name} (input: {input}). {households} households with {teams} district teams. Each replication first simulates {warmup} weeks under the status quo ({status_quo}); then {switching} to each model in turn, from that same state, for {horizon} weeks. {reps} replications per model, seed {seed}. Differences are taken against {reference}; the MKBA covers {years} years at a discount rate of {rate} a year.",
            "Scenario {name} (invoer: {input}). {households} huishoudens met {teams} wijkteams. Elke replicatie simuleert eerst {warmup} weken in de uitgangssituatie ({status_quo}); daarna {switching} op elk model over, steeds vanuit diezelfde toestand, voor {horizon} weken. {reps} replicaties per model, seed {seed}. Verschillen zijn ten opzichte van {reference}; de MKBA beslaat {years} jaar met een discontovoet van {rate} per jaar.",
        ),
        AllTeams => (
            "every team switches",
            "stapt elk wijkteam",
        ),
        PilotTeams => (
            "teams {teams} switch",
            "stappen de wijkteams {teams}",
        ),
        SimplificationsHeading => (
            "What the model leaves out",
            "Wat het model weglaat",
        ),
        NonDefaultHeading => (
            "Parameters that differ from the defaults",
            "Parameters die afwijken van de standaardwaarden",
        ),
        AllDefault => (
            "Every parameter is at its default.",
            "Alle parameters staan op hun standaardwaarde.",
        ),
        FromSwitchHeading => (
            "Changed at the switch",
            "Gewijzigd bij de omschakeling",
        ),
        FromSwitchNote => (
            "These policy settings were changed for this run and act from the switch week only; the tables show the values before it.",
            "Deze beleidsinstellingen zijn voor deze run gewijzigd en gelden pas vanaf de week van de omschakeling; de tabellen tonen de waarden daarvoor.",
        ),
        RegistryEnglish => (
            "Units, meanings and sources are those of the model's parameter registry; the sources are listed in full in the table of sources (docs/SOURCES.md).",
            "Eenheden, betekenissen en bronnen komen uit het parameterregister van het model (de betekenissen zijn Engelstalig); de bronnen staan voluit in de bronnenlijst (docs/SOURCES.md).",
        ),
        Key => (
            "Key",
            "Sleutel",
        ),
        Value => (
            "Value",
            "Waarde",
        ),
        Default => (
            "Default",
            "Standaard",
        ),
        Unit => (
            "Unit",
            "Eenheid",
        ),
        Acts => (
            "Acts",
            "Werkt",
        ),
        Source => (
            "Source",
            "Bron",
        ),
        Meaning => (
            "Meaning",
            "Betekenis",
        ),
        ReproduceIntro => (
            "Everything needed to run this again is on this page.",
            "Alles wat nodig is om dit opnieuw te draaien staat op deze pagina.",
        ),
        ProgramVersion => (
            "Program version",
            "Programmaversie",
        ),
        Command => (
            "Command",
            "Commando",
        ),
        Input => (
            "Input",
            "Invoer",
        ),
        InputHash => (
            "Input SHA-256",
            "SHA-256 van de invoer",
        ),
        Seed => (
            "Seed",
            "Seed",
        ),
        RerunFromReport => (
            "To rerun from this report alone, save the scenario below as scenario.resolved.toml and run:",
            "Om alleen met dit rapport opnieuw te draaien: sla het scenario hieronder op als scenario.resolved.toml en draai:",
        ),
        UncertaintyNote => (
            "A probabilistic sensitivity analysis draws from the registry's plausible ranges unless the scenario file narrowed them in an [uncertainty] table, which scenario.resolved.toml does not record; rerun from the original input file to be sure.",
            "Een probabilistische gevoeligheidsanalyse trekt uit de plausibele bereiken van het register, tenzij het scenariobestand ze in een tabel [uncertainty] heeft versmald; scenario.resolved.toml legt die niet vast, dus draai voor de zekerheid opnieuw vanuit het oorspronkelijke invoerbestand.",
        ),
        ResolvedHeading => (
            "The scenario as run (scenario.resolved.toml)",
            "Het scenario zoals gedraaid (scenario.resolved.toml)",
        ),
        ParametersIntro => (
            "Every parameter of the run with its value. Values that differ from the default are marked.",
            "Elke parameter van de run met zijn waarde. Waarden die afwijken van de standaard zijn gemarkeerd.",
        ),
        Changed => (
            "changed",
            "gewijzigd",
        ),
        Households => (
            "households",
            "huishoudens",
        ),
        Teams => (
            "teams",
            "wijkteams",
        ),
        SweepPageTitle => (
            "wijksim sweep report: {name}",
            "wijksim-sweeprapport: {name}",
        ),
        SweepSubtitle => (
            "Which assumptions decide how Work & Income should be linked to the district teams: broad, partial or separate?",
            "Welke aannames bepalen hoe we Werk en Inkomen aan de wijkteams koppelen: breed, gedeeltelijk of apart?",
        ),
        SweepFacts => (
            "A sweep of {k} assumptions: {points} design points, {futures} per model and point; {households} households, {teams} district teams, {horizon} weeks after the switch.",
            "Een sweep over {k} aannames: {points} ontwerppunten, {futures} per model en punt; {households} huishoudens, {teams} wijkteams, {horizon} weken na de omschakeling.",
        ),
        SweepFooter => (
            "Made by wijksim {version} from the files of this sweep folder alone (not runs.csv); the same files give the same report, byte for byte, whether the sweep ran whole or in shards.",
            "Gemaakt door wijksim {version}, alleen uit de bestanden van deze sweepmap (niet runs.csv); dezelfde bestanden geven byte voor byte hetzelfde rapport, of de sweep nu in één keer of in delen draaide.",
        ),
        OneFuture => (
            "one simulated future",
            "één gesimuleerde toekomst",
        ),
        NFutures => (
            "{n} simulated futures",
            "{n} gesimuleerde toekomsten",
        ),
        OutcomeNpv => (
            "Net present value of {model} against {reference}",
            "Netto contante waarde van {model} ten opzichte van {reference}",
        ),
        OutcomeNpvDiff => (
            "Net present value of {a} minus that of {b}",
            "Netto contante waarde van {a} min die van {b}",
        ),
        OutcomeUnresolved => (
            "Households with unresolved problematic debt under {model}",
            "Huishoudens met onopgeloste problematische schulden bij {model}",
        ),
        Limit => (
            "“{parameter}” is {range}",
            "“{parameter}” {range} is",
        ),
        AtMost => (
            "at most {value}",
            "hoogstens {value}",
        ),
        AtLeast => (
            "at least {value}",
            "minstens {value}",
        ),
        Equals => (
            "equal to {value}",
            "gelijk aan {value}",
        ),
        Between => (
            "between {low} and {high}",
            "tussen {low} en {high}",
        ),
        ChoiceOutcomes => (
            "The choice between the models (net present value)",
            "De keuze tussen de modellen (netto contante waarde)",
        ),
        OtherOutcomes => (
            "Unresolved problematic debt",
            "Onopgeloste problematische schulden",
        ),
        SweepBestEverywhere => (
            "{model} comes out best at every one of the {n} design points.",
            "{model} komt op elk van de {n} ontwerppunten als beste uit de bus.",
        ),
        SweepBestMost => (
            "{model} comes out best most often: at {k} of the {n} design points ({share}).",
            "{model} komt het vaakst als beste uit de bus: op {k} van de {n} ontwerppunten ({share}).",
        ),
        SweepBestNone => (
            "No model has a result at any design point.",
            "Op geen enkel ontwerppunt heeft een model een uitkomst.",
        ),
        SweepBestAt => (
            "{model} at {k} ({share})",
            "{model} op {k} ({share})",
        ),
        SweepOthers => (
            "Then {list}.",
            "Daarna {list}.",
        ),
        SweepCriterionNpv => (
            "Best means the highest net present value for society against {reference}, the mean of {futures} at each point, and only where the 95% interval of the paired difference with every other model excludes zero.",
            "Beste betekent de hoogste netto contante waarde voor de samenleving ten opzichte van {reference}, het gemiddelde van {futures} op elk punt, en alleen waar het 95%-interval van het gepaarde verschil met elk ander model nul uitsluit.",
        ),
        SweepCriterionDebt => (
            "Best means the fewest households with unresolved problematic debt, the mean of {futures} at each point, and only where the 95% interval of the paired difference with every other model excludes zero (the sweep did not run {reference}, so there is no net present value).",
            "Beste betekent de minste huishoudens met onopgeloste problematische schulden, het gemiddelde van {futures} op elk punt, en alleen waar het 95%-interval van het gepaarde verschil met elk ander model nul uitsluit (de sweep draaide {reference} niet, dus er is geen netto contante waarde).",
        ),
        SweepPointsNote => (
            "A design point is one combination of values of the {k} assumptions varied. At every point each model starts from the same state with the same random numbers, so differences between points come from the assumptions, not from chance.",
            "Een ontwerppunt is één combinatie van waarden van de {k} gevarieerde aannames. Op elk punt begint elk model vanuit dezelfde toestand met dezelfde toevalsgetallen, dus verschillen tussen punten komen door de aannames, niet door toeval.",
        ),
        SweepNoResult => (
            "At {k} points no model has a result (every run there failed).",
            "Op {k} punten heeft geen model een uitkomst (elke run daar mislukte).",
        ),
        SweepUnclear => (
            "No clear winner at {k} points ({share}): a model leads there on the mean, but the 95% interval of its paired difference with another model (replication by replication) includes zero, so the replications cannot tell them apart.",
            "Geen duidelijke winnaar op {k} punten ({share}): een model ligt daar gemiddeld voor, maar het 95%-interval van het gepaarde verschil met een ander model (replicatie voor replicatie) omvat nul, dus de replicaties kunnen ze niet onderscheiden.",
        ),
        SweepBestUnclear => (
            "No model comes out clearly best at any design point: the replications cannot tell the leading model from another anywhere.",
            "Op geen enkel ontwerppunt komt een model duidelijk als beste uit: de replicaties kunnen het voorste model nergens van een ander onderscheiden.",
        ),
        NoClearWinner => ("no clear winner", "geen duidelijke winnaar"),
        FailedRuns => (
            "{n} runs failed and are left out of the means; runs.csv gives each one's reason.",
            "{n} runs zijn mislukt en tellen niet mee in de gemiddelden; runs.csv geeft per run de reden.",
        ),
        ChoiceBetween => (
            "The choice between {a} and {b}",
            "De keuze tussen {a} en {b}",
        ),
        DebtUnder => (
            "Unresolved problematic debt under {model}",
            "Onopgeloste problematische schulden bij {model}",
        ),
        DriverSobol => (
            "{what} depends most on “{parameter}”: it accounts for about {value} of the differences between the design points, together with its interactions (total index ST).",
            "{what} hangt het meest af van “{parameter}”: die verklaart ongeveer {value} van de verschillen tussen de ontwerppunten, samen met haar wisselwerkingen (totale index ST).",
        ),
        DriverMorris => (
            "{what} depends most on “{parameter}”: one step along its range changes it by {value} on average (μ*).",
            "{what} hangt het meest af van “{parameter}”: één stap binnen haar bereik verandert die gemiddeld met {value} (μ*).",
        ),
        DriverOat => (
            "{what} depends most on “{parameter}”: over its range, with the other assumptions at their base values, it moves by {value}.",
            "{what} hangt het meest af van “{parameter}”: over haar bereik, met de andere aannames op hun basiswaarde, verschuift die {value}.",
        ),
        DriverNext => (
            "Next comes “{parameter}” ({value}).",
            "Daarna komt “{parameter}” ({value}).",
        ),
        DriverNone => (
            "{what}: there are no indices, because it does not vary over the design or some points have no result.",
            "{what}: er zijn geen indices, omdat die niet varieert over het ontwerp of omdat sommige punten geen uitkomst hebben.",
        ),
        BestWhere => (
            "{model} comes out best mostly where {conditions}: at {density} of the design points there.",
            "{model} komt vooral als beste uit de bus waar {conditions}: op {density} van de ontwerppunten daar.",
        ),
        BestOnlyWhere => (
            "The points where {model} comes out best ({coverage} of them) lie where {conditions}; but even there it is best at only {density} of the design points.",
            "De punten waar {model} als beste uit de bus komt ({coverage} ervan) liggen waar {conditions}; maar ook daar is het maar op {density} van de ontwerppunten de beste.",
        ),
        Model => (
            "Model",
            "Model",
        ),
        BestAtPoints => (
            "Best at (design points)",
            "Beste op (ontwerppunten)",
        ),
        MeanNpv => (
            "Net present value against {reference}, mean over the design",
            "Netto contante waarde ten opzichte van {reference}, gemiddeld over het ontwerp",
        ),
        MeanDebt => (
            "Households with unresolved problematic debt, mean over the design",
            "Huishoudens met onopgeloste problematische schulden, gemiddeld over het ontwerp",
        ),
        SecSobol => (
            "Which assumptions drive the outcomes (Sobol' indices)",
            "Welke aannames de uitkomsten bepalen (Sobol-indices)",
        ),
        SobolIntro => (
            "How much of the differences in an outcome between the design points each assumption accounts for. S1 (first-order index) is the share an assumption accounts for on its own; ST (total index) adds what it does together with the other assumptions (interactions). An ST near 0 means the assumption hardly matters over the ranges swept; an ST well above S1 means it matters through its interactions. The lines are 95% intervals from {resamples} resamples of the design (bootstrap).",
            "Hoeveel van de verschillen in een uitkomst tussen de ontwerppunten elke aanname verklaart. S1 (eerste-orde-index) is het deel dat een aanname op zichzelf verklaart; ST (totale index) telt daar bij op wat ze samen met de andere aannames doet (wisselwerkingen). Een ST rond 0 betekent dat de aanname over de gevarieerde bereiken nauwelijks uitmaakt; een ST ruim boven S1 betekent dat ze vooral via wisselwerkingen telt. De lijnen zijn 95%-intervallen uit {resamples} hertrekkingen van het ontwerp (bootstrap).",
        ),
        SobolCut => (
            "An index lies between 0 and 1. With few samples an estimate or an interval can fall outside; the chart then cuts it at the edge, and the numbers beside it are as estimated. More samples give narrower intervals.",
            "Een index ligt tussen 0 en 1. Met weinig trekkingen kan een schatting of interval daarbuiten vallen; de grafiek kapt die dan af aan de rand, en de getallen ernaast zijn zoals geschat. Meer trekkingen geven smallere intervallen.",
        ),
        S1Label => (
            "on its own (S1)",
            "op zichzelf (S1)",
        ),
        StLabel => (
            "with interactions (ST)",
            "met wisselwerkingen (ST)",
        ),
        IndexAxis => (
            "share of the differences between design points",
            "deel van de verschillen tussen ontwerppunten",
        ),
        SecMorris => (
            "Which assumptions matter (Morris screening)",
            "Welke aannames ertoe doen (Morris-screening)",
        ),
        MorrisIntro => (
            "Morris screening moves one assumption at a time by one step of its range, along {paths} paths through the design. μ* (mu-star) is the average size of the change this makes in an outcome, whatever its direction: how much the assumption matters. σ (sigma) is how much that change differs from one place in the design to another: a large σ means the effect depends on the other assumptions, or is not a straight line. μ (mu) is the average change with its sign: positive means that raising the assumption raises the outcome.",
            "Morris-screening verschuift één aanname tegelijk met één stap binnen haar bereik, langs {paths} paden door het ontwerp. μ* (mu-ster) is de gemiddelde grootte van de verandering die dat in een uitkomst geeft, in welke richting ook: hoeveel de aanname uitmaakt. σ (sigma) is hoeveel die verandering verschilt van plek tot plek in het ontwerp: een grote σ betekent dat het effect afhangt van de andere aannames, of niet rechtlijnig is. μ (mu) is de gemiddelde verandering met haar teken: positief betekent dat een hogere aanname de uitkomst verhoogt.",
        ),
        MorrisReading => (
            "Assumptions far to the right matter most; high up, their effect depends on the rest. The line through a point is μ*'s 95% interval (resampling the paths).",
            "Aannames ver naar rechts doen er het meest toe; hoog in de grafiek hangt hun effect af van de rest. De lijn door een punt is het 95%-interval van μ* (hertrekkingen van de paden).",
        ),
        MuStarAxis => (
            "μ*: how much it matters (average size of one step's change)",
            "μ*: hoeveel het uitmaakt (gemiddelde grootte van de verandering per stap)",
        ),
        SigmaAxis => (
            "σ: how much the effect varies",
            "σ: hoeveel het effect varieert",
        ),
        MuStarColumn => (
            "μ* [95% interval]",
            "μ* [95%-interval]",
        ),
        SigmaColumn => (
            "σ",
            "σ",
        ),
        MuColumn => (
            "μ (with its sign)",
            "μ (met teken)",
        ),
        SecOat => (
            "One assumption at a time",
            "Eén aanname tegelijk",
        ),
        OatIntro => (
            "Each assumption moved over its values, one at a time, with the others at the base scenario's values. The bars show the largest fall and the largest rise of each outcome from the base point; the longest bars matter most. One at a time misses what assumptions do together: a Morris or Sobol' design shows that.",
            "Elke aanname over haar waarden gezet, één tegelijk, met de andere op de waarden van het basisscenario. De balken tonen de grootste daling en de grootste stijging van elke uitkomst vanaf het basispunt; de langste balken doen er het meest toe. Eén tegelijk mist wat aannames samen doen: een Morris- of Sobol-ontwerp laat dat zien.",
        ),
        BasePoint => (
            "Base point",
            "Basispunt",
        ),
        LargestFall => (
            "Largest fall",
            "Grootste daling",
        ),
        LargestRise => (
            "Largest rise",
            "Grootste stijging",
        ),
        ChangeFromBase => (
            "change from the base point",
            "verandering ten opzichte van het basispunt",
        ),
        SecMap => (
            "Which model is best where",
            "Welk model waar het beste is",
        ),
        MapIntro => (
            "Each cell is one design point, coloured by the model that comes out best there (the mean of {futures}; see the answer for what best means). The letter in a cell is the model's initial, so the map also reads in black and white.",
            "Elk vak is één ontwerppunt, gekleurd naar het model dat daar als beste uit de bus komt (het gemiddelde van {futures}; zie het antwoord voor wat beste betekent). De letter in een vak is de beginletter van het model, zodat de kaart ook in zwart-wit leesbaar is.",
        ),
        MapChart => (
            "Best model at each combination of “{x}” and “{y}”",
            "Beste model bij elke combinatie van “{x}” en “{y}”",
        ),
        NoResult => (
            "no result",
            "geen uitkomst",
        ),
        SecDiscovery => (
            "Where each model is best (scenario discovery)",
            "Waar elk model het beste is (scenario discovery)",
        ),
        DiscoveryIntro => (
            "Scenario discovery looks for a simple box, a range for each assumption it restricts, in which a model comes out best at most design points (PRIM, Friedman and Fisher 1999). Two numbers say how good a box is: its density is the share of the points inside it where the model is best; its coverage is the share of all the points where the model is best that lie inside it. A box with both near 100% tells the whole story.",
            "Scenario discovery zoekt een eenvoudig blok, een bereik voor elke aanname die het begrenst, waarin een model op de meeste ontwerppunten als beste uit de bus komt (PRIM, Friedman en Fisher 1999). Twee getallen zeggen hoe goed een blok is: de dichtheid is het deel van de punten in het blok waar het model het beste is; de dekking is het deel van alle punten waar het model het beste is dat in het blok ligt. Een blok met beide rond 100% vertelt het hele verhaal.",
        ),
        RegionHeading => (
            "{model}: best at {k} of the {n} design points ({share})",
            "{model}: beste op {k} van de {n} ontwerppunten ({share})",
        ),
        RegionEverywhere => (
            "It comes out best at every design point: no box is needed.",
            "Het komt op elk ontwerppunt als beste uit de bus: een blok is niet nodig.",
        ),
        RegionNoBox => (
            "No box of simple ranges describes where it is best.",
            "Geen blok van eenvoudige bereiken beschrijft waar het het beste is.",
        ),
        RegionBox => (
            "Inside the box below it is best at {density} of the design points (density); the box holds {coverage} of all the points where it is best (coverage), and {mass} of all design points.",
            "Binnen het blok hieronder is het op {density} van de ontwerppunten het beste (dichtheid); het blok bevat {coverage} van alle punten waar het het beste is (dekking), en {mass} van alle ontwerppunten.",
        ),
        InTheBox => (
            "In the box",
            "In het blok",
        ),
        SweptOver => (
            "Swept over",
            "Gevarieerd over",
        ),
        FromTo => (
            "{low} to {high}",
            "{low} tot {high}",
        ),
        SecDesign => (
            "The design",
            "Het ontwerp",
        ),
        DesignGrid => (
            "Every combination of the values below: {points} design points.",
            "Elke combinatie van de waarden hieronder: {points} ontwerppunten.",
        ),
        DesignLhs => (
            "A Latin hypercube of {points} design points: each assumption's range is cut into {points} slices of equal probability and each slice is used once, so the points spread evenly over every range.",
            "Een Latijnse hyperkubus van {points} ontwerppunten: het bereik van elke aanname is in {points} plakken van gelijke kans verdeeld en elke plak wordt één keer gebruikt, zodat de punten gelijkmatig over elk bereik liggen.",
        ),
        DesignOat => (
            "One at a time: from the base point (every assumption at the base scenario's value), each assumption in turn takes each of its values while the others stay put: {points} design points.",
            "Eén tegelijk: vanaf het basispunt (elke aanname op de waarde van het basisscenario) neemt elke aanname om de beurt elk van haar waarden aan terwijl de andere blijven staan: {points} ontwerppunten.",
        ),
        DesignMorris => (
            "Morris screening: {paths} paths through a grid of {levels} values per assumption, each path moving one assumption at a time: {points} design points.",
            "Morris-screening: {paths} paden door een rooster van {levels} waarden per aanname, waarbij elk pad één aanname tegelijk verschuift: {points} ontwerppunten.",
        ),
        DesignSobol => (
            "Saltelli sampling for Sobol' indices: {samples} base samples, each with one more point per assumption changed, {samples} × ({k} + 2) = {points} design points. S1 by the estimator of Saltelli et al. (2010) on centred outputs, ST by Jansen's (1999).",
            "Saltelli-trekking voor Sobol-indices: {samples} basistrekkingen, elk met één punt extra per gewijzigde aanname, {samples} × ({k} + 2) = {points} ontwerppunten. S1 met de schatter van Saltelli e.a. (2010) op gecentreerde uitkomsten, ST met die van Jansen (1999).",
        ),
        DesignRuns => (
            "At each point every model ({models}) ran {futures}, from one shared warm-up and with the same random numbers at every point: {runs} runs in all.",
            "Op elk punt draaide elk model ({models}) {futures}, vanuit één gedeelde inloop en met dezelfde toevalsgetallen op elk punt: {runs} runs in totaal.",
        ),
        DesignBase => (
            "The base scenario “{name}” gives every value that is not on an axis: {households} households, {teams} district teams; {warmup} weeks of warm-up, then {horizon} weeks after the switch. Differences are taken against {reference}.",
            "Het basisscenario “{name}” geeft elke waarde die niet op een as staat: {households} huishoudens, {teams} wijkteams; {warmup} weken inloop, dan {horizon} weken na de omschakeling. Verschillen zijn ten opzichte van {reference}.",
        ),
        Values => (
            "Values",
            "Waarden",
        ),
        Distribution => (
            "Distribution",
            "Verdeling",
        ),
        ActsFrom => (
            "Acts from",
            "Werkt vanaf",
        ),
        FromStart => (
            "week 0 (before the switch too)",
            "week 0 (ook vóór de omschakeling)",
        ),
        FromSwitchWeek => (
            "the switch week",
            "de week van de omschakeling",
        ),
        InSteps => (
            "{range}, {n} evenly spaced values",
            "{range}, {n} gelijk verdeelde waarden",
        ),
        Uniform => (
            "uniform",
            "uniform",
        ),
        Triangular => (
            "triangular, most likely {mode}",
            "driehoekig, meest waarschijnlijk {mode}",
        ),
        SweepFile => (
            "Sweep file",
            "Sweepbestand",
        ),
        SweepFileHash => (
            "Sweep file SHA-256",
            "SHA-256 van het sweepbestand",
        ),
        BaseScenarioHash => (
            "Base scenario SHA-256",
            "SHA-256 van het basisscenario",
        ),
        DesignHash => (
            "Design SHA-256",
            "SHA-256 van het ontwerp",
        ),
        SweepRerun => (
            "To run it again from the original sweep file (and the base scenario it names):",
            "Om het opnieuw te draaien vanuit het oorspronkelijke sweepbestand (en het basisscenario dat het noemt):",
        ),
        SweepRerunFromReport => (
            "To run it again from this page alone, save the two files below side by side as {sweep} and {scenario}, and run:",
            "Om het opnieuw te draaien vanuit alleen deze pagina, sla de twee bestanden hieronder naast elkaar op als {sweep} en {scenario}, en draai:",
        ),
        SweepRerunNote => (
            "That sweep gives the same design points and the same results; only the file names and hashes in the header of sweep.resolved.toml differ, because the files are new.",
            "Die sweep geeft dezelfde ontwerppunten en dezelfde uitkomsten; alleen de bestandsnamen en hashes in de kop van sweep.resolved.toml verschillen, omdat de bestanden nieuw zijn.",
        ),
    }
}

/// The English string of `t`.
pub fn en(t: T) -> &'static str {
    pair(t).0
}

/// The Dutch string of `t`.
pub fn nl(t: T) -> &'static str {
    pair(t).1
}

/// The string of `t` in `lang`.
pub fn text(t: T, lang: Lang) -> &'static str {
    match lang {
        Lang::En => en(t),
        Lang::Nl => nl(t),
    }
}

/// `template` with each `{name}` replaced by its value. Unknown
/// placeholders stay as they are (the completeness test catches them).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Looks `key` up in a `(key, English, Dutch)` table.
fn lookup(table: &'static [(&str, &str, &str)], key: &str, lang: Lang) -> Option<&'static str> {
    table
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|&(_, en, nl)| match lang {
            Lang::En => en,
            Lang::Nl => nl,
        })
}

/// Stakeholders of the MKBA (`mkba.csv` `stakeholder`).
pub const STAKEHOLDERS: &[(&str, &str, &str)] = &[
    ("municipality", "Municipality", "Gemeente"),
    ("health_insurer", "Health insurer", "Zorgverzekeraar"),
    ("central_government", "Central government", "Rijksoverheid"),
    ("creditors", "Creditors", "Schuldeisers"),
    ("households", "Households", "Huishoudens"),
];

/// Cost categories of the MKBA (`mkba.csv` `category`).
pub const CATEGORIES: &[(&str, &str, &str)] = &[
    (
        "staff_generalists",
        "Team generalists",
        "Generalisten wijkteam",
    ),
    ("staff_wi", "W&I staff", "Medewerkers W&I"),
    (
        "staff_credit_bank",
        "Credit-bank counsellors",
        "Schuldhulpverleners kredietbank",
    ),
    ("reorganisation", "Reorganisation", "Reorganisatie"),
    ("training", "Training", "Training"),
    ("flexible_budget", "Flexible budget", "Flexibel budget"),
    (
        "ggz",
        "Mental-health care after a crisis",
        "Specialistische ggz na een crisis",
    ),
    (
        "youth_care",
        "Youth care after a crisis",
        "Jeugdzorg na een crisis",
    ),
    ("shelter", "Shelter", "Maatschappelijke opvang"),
    ("eviction", "Evictions", "Huisuitzettingen"),
    ("planned_ggz", "Planned mental-health care", "Geplande ggz"),
    (
        "planned_youth_care",
        "Planned youth care",
        "Geplande jeugdzorg",
    ),
    ("wmo", "Wmo provisions", "Wmo-voorzieningen"),
    (
        "debt_productivity",
        "Lost productivity from debt",
        "Productiviteitsverlies door schulden",
    ),
    (
        "debt_primary_care",
        "Primary care due to debt",
        "Eerstelijnszorg door schulden",
    ),
    (
        "debt_collection_other",
        "Collection and legal costs",
        "Incasso- en juridische kosten",
    ),
    (
        "benefit_lost_output",
        "Output lost while on benefit",
        "Gemiste productie tijdens de uitkering",
    ),
    ("benefit_payments", "Benefit payments", "Uitkeringen"),
    ("sanctions", "Sanctions", "Sancties"),
    (
        "debt_settlement",
        "Settled debts",
        "Kwijtgescholden schulden",
    ),
];

/// Outcomes of `summary.csv` the report shows, with their unit.
pub const OUTCOMES: &[(&str, &str, &str)] = &[
    (
        "unresolved_debt_households",
        "Households with unresolved problematic debt at the end",
        "Huishoudens met onopgeloste problematische schulden aan het eind",
    ),
    (
        "escalations_per_1000",
        "Crises: escalations to heavier care per 1,000 households a year",
        "Crises: escalaties naar zwaardere zorg per 1.000 huishoudens per jaar",
    ),
    (
        "planned_care_per_1000",
        "Planned referrals to heavier care per 1,000 households a year",
        "Geplande verwijzingen naar zwaardere zorg per 1.000 huishoudens per jaar",
    ),
    (
        "intake_wait_mean_weeks",
        "Wait for a first talk with the team, weeks",
        "Wachttijd tot het eerste gesprek met het wijkteam, weken",
    ),
    (
        "referral_wait_mean_weeks",
        "Wait for W&I and debt help, weeks",
        "Wachttijd voor W&I en schuldhulpverlening, weken",
    ),
    (
        "arrangement_wait_mean_weeks",
        "Wait for the credit bank to start a debt arrangement, weeks",
        "Wachttijd tot de kredietbank een schuldregeling start, weken",
    ),
];

/// Weekly series of `timeseries.csv` the report draws.
pub const SERIES: &[(&str, &str, &str)] = &[
    (
        "waiting_list",
        "Households on the teams' waiting lists",
        "Huishoudens op de wachtlijst van de wijkteams",
    ),
    (
        "mean_caseload",
        "Mean caseload per team generalist",
        "Gemiddelde caseload per generalist in het wijkteam",
    ),
    (
        "unresolved_debt_households",
        "Households with unresolved problematic debt",
        "Huishoudens met onopgeloste problematische schulden",
    ),
    (
        "escalations_cumulative",
        "Crisis escalations to heavier care since the switch",
        "Crisisescalaties naar zwaardere zorg sinds de omschakeling",
    ),
    (
        "planned_care_cumulative",
        "Planned referrals to heavier care since the switch",
        "Geplande verwijzingen naar zwaardere zorg sinds de omschakeling",
    ),
    (
        "wi_queue",
        "Households in a W&I queue",
        "Huishoudens in een wachtrij van W&I",
    ),
    (
        "arrangement_queue",
        "Households waiting for the credit bank",
        "Huishoudens die wachten op de kredietbank",
    ),
];

/// Short names of the parameters the report discusses (every uncertain
/// assumption and every MKBA price); others are named by their key.
pub const PARAMETERS: &[(&str, &str, &str)] = &[
    (
        "coupling.finance_to_health",
        "Money problems harm health",
        "Geldproblemen schaden gezondheid",
    ),
    (
        "team.finance_block_damping",
        "Progress while money blocks",
        "Voortgang als geld blokkeert",
    ),
    (
        "team.finance_detection_own",
        "Team finds money problems",
        "Wijkteam ziet geldproblemen",
    ),
    (
        "team.detect_other",
        "Team finds other problems",
        "Wijkteam ziet andere problemen",
    ),
    (
        "staff.handover_dropout",
        "Drop-out after a hand-over",
        "Uitval na een overdracht",
    ),
    (
        "staff.map_loss_on_move",
        "W&I map knowledge lost on move",
        "Kaartkennis W&I kwijt bij verhuizing",
    ),
    (
        "wi.consult_hours_per_week",
        "W&I consultation hours a week",
        "W&I-consultatie-uren per week",
    ),
    (
        "wi.consult_hours_per_case",
        "W&I consultation hours per case",
        "W&I-consultatie-uren per casus",
    ),
    (
        "wi.consult_detection",
        "W&I finds missed money problems",
        "W&I ziet gemiste geldproblemen",
    ),
    (
        "linkage.broad.lost_hours_share",
        "Hours lost reorganising, broad",
        "Urenverlies reorganisatie, breed",
    ),
    (
        "linkage.partial.lost_hours_share",
        "Hours lost reorganising, partial",
        "Urenverlies reorganisatie, gedeeltelijk",
    ),
    (
        "linkage.broad.friction_weeks",
        "Reorganising friction, broad",
        "Duur reorganisatiefrictie, breed",
    ),
    (
        "referral.central_handoff_weeks",
        "Travel time to central W&I",
        "Reistijd naar centrale W&I",
    ),
    (
        "referral.transit_leakage_per_week",
        "Giving up on the way to W&I",
        "Afhaken op weg naar W&I",
    ),
    (
        "referral.map_importance_central",
        "Central referral needs map",
        "Centraal verwijzen vraagt kaart",
    ),
    (
        "referral.map_importance_internal",
        "Team hand-off needs map",
        "Overdracht in team vraagt kaart",
    ),
    (
        "referral.central_duplicate_intake_hours",
        "Extra intake hours, central",
        "Extra intake-uren centraal",
    ),
    (
        "debt_help.counsellors_per_1000",
        "Credit-bank staff per 1,000",
        "Kredietbankformatie per 1.000",
    ),
    (
        "debt_help.settle_share",
        "Debts reaching an arrangement",
        "Schulden die tot regeling komen",
    ),
    (
        "debt_help.breathing_space_weeks",
        "Breathing space, weeks",
        "Adempauze, weken",
    ),
    (
        "enforcement.trust_drop_team",
        "Trust lost: own team sanctions",
        "Vertrouwen weg: sanctie eigen team",
    ),
    (
        "enforcement.leave_care_team",
        "Leaving care: own team sanctions",
        "Uit zorg: sanctie eigen team",
    ),
    (
        "enforcement.hours_per_sanction",
        "W&I hours per sanction",
        "W&I-uren per sanctie",
    ),
    (
        "second_line.failure",
        "Failed referrals to heavier care",
        "Mislukte verwijzingen",
    ),
    (
        "second_line.planned_per_week",
        "Chance of a planned referral",
        "Kans op geplande verwijzing",
    ),
    (
        "mkba.generalist_eur_per_year",
        "Price: generalist a year",
        "Prijs: generalist per jaar",
    ),
    (
        "mkba.wi_post_eur_per_year",
        "Price: W&I post a year",
        "Prijs: W&I-formatieplaats per jaar",
    ),
    (
        "mkba.counsellor_eur_per_year",
        "Price: credit-bank counsellor a year",
        "Prijs: kredietbankformatie per jaar",
    ),
    (
        "mkba.broad.reorganisation_eur",
        "Reorganisation per team, broad",
        "Reorganisatie per team, breed",
    ),
    (
        "mkba.partial.reorganisation_eur",
        "Reorganisation per team, partial",
        "Reorganisatie per team, gedeeltelijk",
    ),
    (
        "mkba.separate.reorganisation_eur",
        "Reorganisation per team, separate",
        "Reorganisatie per team, apart",
    ),
    (
        "mkba.broad.training_eur",
        "Training per team, broad",
        "Training per team, breed",
    ),
    (
        "mkba.partial.training_eur",
        "Training per team, partial",
        "Training per team, gedeeltelijk",
    ),
    (
        "mkba.separate.training_eur",
        "Training per team, separate",
        "Training per team, apart",
    ),
    (
        "mkba.ggz_eur_per_year",
        "Price: crisis GGZ a year",
        "Prijs: crisis-ggz per jaar",
    ),
    (
        "mkba.youth_care_eur_per_year",
        "Price: crisis youth care a year",
        "Prijs: crisis-jeugdzorg per jaar",
    ),
    (
        "mkba.shelter_eur_per_year",
        "Price: shelter a year",
        "Prijs: opvang per jaar",
    ),
    (
        "mkba.eviction_eur",
        "Price: eviction",
        "Prijs: huisuitzetting",
    ),
    (
        "mkba.planned_ggz_eur_per_year",
        "Price: planned GGZ a year",
        "Prijs: geplande ggz per jaar",
    ),
    (
        "mkba.planned_youth_eur_per_year",
        "Price: planned youth care a year",
        "Prijs: geplande jeugdzorg per jaar",
    ),
    (
        "mkba.wmo_eur_per_year",
        "Price: Wmo provision a year",
        "Prijs: Wmo-voorziening per jaar",
    ),
    (
        "mkba.debt_productivity_eur_per_year",
        "Price: lost productivity, debt",
        "Prijs: productiviteitsverlies schuld",
    ),
    (
        "mkba.debt_health_eur_per_year",
        "Price: primary care, debt",
        "Prijs: eerstelijnszorg schuld",
    ),
    (
        "mkba.debt_other_eur_per_year",
        "Price: collection costs, debt",
        "Prijs: incassokosten schuld",
    ),
    (
        "mkba.benefit_eur_per_year",
        "Benefit a year (transfer)",
        "Uitkering per jaar (overdracht)",
    ),
    (
        "mkba.work_output_eur_per_year",
        "Output of a year in work",
        "Productie van een jaar werk",
    ),
    (
        "income.debt_reemployment_penalty",
        "Debt barrier to work",
        "Schuldbelemmering voor werk",
    ),
    (
        "debt_help.arrangement_weeks",
        "Arrangement length, weeks",
        "Duur schuldregeling, weken",
    ),
    (
        "debt.growth_per_year",
        "Growth of unaddressed debt, a year",
        "Groei onbehandelde schuld, per jaar",
    ),
    (
        "problems.finance.recover_per_year",
        "Debts cleared without help, a year",
        "Schulden zonder hulp weg, per jaar",
    ),
    (
        "income.arrangement_barrier_share",
        "Debt barrier to work in arrangement",
        "Schuldbelemmering werk in regeling",
    ),
];

/// The model's known simplifications that a reader of the results should
/// know, drawn from docs/ODD.md section 9 (a fixed selection, not the whole
/// list).
pub const SIMPLIFICATIONS: &[(&str, &str)] = &[
    (
        "Time moves in whole weeks, and a household has at most one life event a week.",
        "De tijd loopt in hele weken, en een huishouden heeft hoogstens één levensgebeurtenis per week.",
    ),
    (
        "One debt amount per household: there are no separate creditors, and what a household can repay depends on its source of income only.",
        "Eén schuldbedrag per huishouden: er zijn geen afzonderlijke schuldeisers, en wat een huishouden kan aflossen hangt alleen af van de bron van inkomen.",
    ),
    (
        "A team generalist shares its hours equally over its caseload, with no priority by severity; the team never treats money problems itself, it refers them.",
        "Een generalist verdeelt zijn uren gelijk over zijn caseload, zonder voorrang naar ernst; het wijkteam behandelt geldproblemen nooit zelf, het verwijst.",
    ),
    (
        "One episode of heavier care at a time; a household that escalates leaves the team's care, and an eviction leads straight to shelter.",
        "Eén episode zwaardere zorg tegelijk; een huishouden dat escaleert verlaat de zorg van het wijkteam, en een huisuitzetting leidt direct tot opvang.",
    ),
    (
        "A sanction is a lump of arrears plus an income problem; there is no benefit cut over time.",
        "Een sanctie is een eenmalige achterstand plus een inkomensprobleem; er is geen korting op de uitkering in de tijd.",
    ),
    (
        "Reorganising slows the teams whose W&I posts change, not the central W&I desk.",
        "Reorganiseren vertraagt de wijkteams waarvan de W&I-formatie verandert, niet de centrale W&I-balie.",
    ),
    (
        "W&I and credit-bank time are priced by use: hours a model leaves unused go to the department's other work.",
        "W&I- en kredietbanktijd worden geprijsd naar gebruik: uren die een model niet gebruikt gaan naar ander werk van de afdeling.",
    ),
    (
        "Waiting lists, caseloads and queues start empty; the warm-up year fills them.",
        "Wachtlijsten, caseloads en wachtrijen beginnen leeg; het inloopjaar vult ze.",
    ),
    (
        "Municipalities in one scenario do not interact: no household moves, and no staff, queues or regional services are shared.",
        "Gemeenten in één scenario beïnvloeden elkaar niet: geen verhuizingen, en geen gedeeld personeel, gedeelde wachtrijen of regionale voorzieningen.",
    ),
    (
        "Prices are national averages or stated assumptions, and the model has not been validated against a real municipality: read the euros as an indication of size and direction, not as a business case.",
        "Prijzen zijn landelijke gemiddelden of benoemde aannames, en het model is niet gevalideerd aan een echte gemeente: lees de euro's als een indicatie van omvang en richting, niet als een businesscase.",
    ),
];

/// A stakeholder's name (the key itself if unknown).
pub fn stakeholder(key: &str, lang: Lang) -> String {
    lookup(STAKEHOLDERS, key, lang).map_or_else(|| key.to_string(), str::to_string)
}

/// A cost category's name (the key itself if unknown).
pub fn category(key: &str, lang: Lang) -> String {
    lookup(CATEGORIES, key, lang).map_or_else(|| key.to_string(), str::to_string)
}

/// An outcome's name (the key itself if unknown).
pub fn outcome(key: &str, lang: Lang) -> String {
    lookup(OUTCOMES, key, lang).map_or_else(|| key.to_string(), str::to_string)
}

/// A weekly series' name (the key itself if unknown).
pub fn series(key: &str, lang: Lang) -> String {
    lookup(SERIES, key, lang).map_or_else(|| key.to_string(), str::to_string)
}

/// A parameter's short name, if it has one.
pub fn parameter(key: &str, lang: Lang) -> Option<&'static str> {
    lookup(PARAMETERS, key, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .unwrap_or_else(|| panic!("unclosed {{ in {s:?}"));
            out.insert(&after[..close]);
            rest = &after[close + 1..];
        }
        assert!(!rest.contains('}'), "stray }} in {s:?}");
        out
    }

    #[test]
    fn every_key_has_both_languages_with_the_same_placeholders() {
        for &t in T::ALL {
            let (e, n) = (en(t), nl(t));
            assert!(!e.trim().is_empty() && !n.trim().is_empty(), "{t:?}");
            assert_eq!(placeholders(e), placeholders(n), "{t:?}");
        }
    }

    #[test]
    fn tables_have_both_languages() {
        for table in [STAKEHOLDERS, CATEGORIES, OUTCOMES, SERIES, PARAMETERS] {
            let mut seen = BTreeSet::new();
            for (k, e, n) in table {
                assert!(seen.insert(*k), "{k} twice");
                assert!(!e.is_empty() && !n.is_empty(), "{k}");
            }
        }
        for (e, n) in SIMPLIFICATIONS {
            assert!(!e.is_empty() && !n.is_empty());
        }
    }

    #[test]
    fn every_name_the_program_writes_has_a_row() {
        for s in crate::mkba::Stakeholder::ALL {
            assert!(
                lookup(STAKEHOLDERS, s.name(), Lang::Nl).is_some(),
                "{}",
                s.name()
            );
        }
        for (c, _) in crate::mkba::CATEGORIES {
            assert!(lookup(CATEGORIES, c, Lang::Nl).is_some(), "{c}");
        }
        for (o, _, _) in OUTCOMES {
            assert!(
                crate::outcomes::OUTCOMES.contains(o),
                "{o} is not an outcome"
            );
        }
        for (s, _, _) in SERIES {
            assert!(crate::outcomes::SERIES.contains(s), "{s} is not a series");
        }
        for p in crate::scenario::PARAMS
            .iter()
            .filter(|p| p.plausible.is_some())
        {
            assert!(
                parameter(p.key, Lang::Nl).is_some(),
                "{} has no name",
                p.key
            );
        }
        for k in crate::mkba::PRICE_KEYS {
            assert!(parameter(k, Lang::Nl).is_some(), "{k} has no name");
        }
        for (k, _, _) in PARAMETERS {
            assert!(
                crate::scenario::registry::spec(k).is_some(),
                "{k} is not a parameter"
            );
        }
    }

    #[test]
    fn names_in_charts_are_never_cut() {
        // Bar charts give row labels at most 0.32 of their width, less when value
        // labels need room; a name within 0.3 of a wide chart at the labels' 13
        // units is never cut with "…".
        let room = 0.3 * crate::report::sections_width();
        let mut long = Vec::new();
        for (k, e, n) in PARAMETERS.iter().chain(CATEGORIES).chain(STAKEHOLDERS) {
            for s in [e, n] {
                let w = crate::report::charts::text_width(s, 13.0);
                if w > room {
                    long.push(format!("{k}: {s:?} ({w:.0} > {room:.0})"));
                }
            }
        }
        assert!(
            long.is_empty(),
            "names too long for a chart:\n{}",
            long.join("\n")
        );
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(
            fill("a {x} b {y}", &[("x", "1"), ("y", "<2>")]),
            "a 1 b <2>"
        );
        assert_eq!(fill("{z} {", &[]), "{z} {");
    }
}
