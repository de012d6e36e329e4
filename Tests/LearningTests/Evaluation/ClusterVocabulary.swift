/// The domains and vocabularies of the synthetic taste clusters.
struct ClusterVocabulary {
    let domain: String
    let words: [String]
    let tools: [String]

    static let generic = ["cours", "complet", "pratique", "débutant", "avancé", "projet", "guide", "maîtriser", "course", "beginner"]

    static let all = [
        ClusterVocabulary(
            domain: "Data Analysis",
            words: ["tableau", "croisé", "formule", "graphique", "données", "statistique", "régression", "moyenne", "classeur", "analyse", "dashboard", "pivot"],
            tools: ["Excel", "Power BI", "Tableau Desktop"]),
        ClusterVocabulary(
            domain: "Web Development",
            words: ["html", "css", "javascript", "react", "composant", "navigateur", "api", "frontend", "backend", "route", "serveur", "responsive"],
            tools: ["React", "Node.js", "Vue"]),
        ClusterVocabulary(
            domain: "Graphic Design",
            words: ["typographie", "couleur", "logo", "maquette", "calque", "illustration", "vectoriel", "palette", "composition", "affiche", "branding", "grille"],
            tools: ["Photoshop", "Illustrator", "Figma"]),
        ClusterVocabulary(
            domain: "Digital Marketing",
            words: ["référencement", "campagne", "audience", "conversion", "newsletter", "publicité", "réseaux", "contenu", "funnel", "seo", "emailing", "influence"],
            tools: ["Google Ads", "Mailchimp", "Meta Ads"]),
        ClusterVocabulary(
            domain: "Finance",
            words: ["comptabilité", "bilan", "trésorerie", "budget", "investissement", "bourse", "fiscalité", "amortissement", "facture", "rentabilité", "actif", "passif"],
            tools: ["Sage", "QuickBooks", "SAP"]),
        ClusterVocabulary(
            domain: "Languages",
            words: ["grammaire", "vocabulaire", "conjugaison", "prononciation", "conversation", "anglais", "espagnol", "allemand", "lecture", "écoute", "dialogue", "expression"],
            tools: ["Anki", "Duolingo", "Podcasts"]),
        ClusterVocabulary(
            domain: "Photography",
            words: ["exposition", "objectif", "lumière", "cadrage", "portrait", "paysage", "retouche", "diaphragme", "obturateur", "iso", "flash", "studio"],
            tools: ["Lightroom", "Capture One", "Reflex"]),
        ClusterVocabulary(
            domain: "Music Production",
            words: ["mixage", "mastering", "synthétiseur", "rythme", "harmonie", "accord", "mélodie", "sampler", "enregistrement", "micro", "beat", "arrangement"],
            tools: ["Ableton Live", "FL Studio", "Logic Pro"]),
        ClusterVocabulary(
            domain: "Management",
            words: ["leadership", "équipe", "projet", "agile", "scrum", "planification", "délégation", "réunion", "objectifs", "feedback", "négociation", "stratégie"],
            tools: ["Jira", "Trello", "Notion"]),
        ClusterVocabulary(
            domain: "Health and Fitness",
            words: ["nutrition", "musculation", "cardio", "étirement", "sommeil", "méditation", "yoga", "posture", "récupération", "endurance", "alimentation", "souffle"],
            tools: ["Strava", "MyFitnessPal", "Garmin"]),
    ]
}
