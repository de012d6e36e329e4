extension StopWords {
    /// French function words, auxiliaries and very common adverbs: words that say nothing about
    /// a lesson's subject. Written with their accents; folded when the set is built. Elided
    /// forms ("l'", "qu'") are handled by the tokenizer, hyphenated ones ("peut-être") are split.
    static let french: [String] = [
        // Articles, determiners, prepositions
        "le", "la", "les", "un", "une", "des", "du", "de", "au", "aux", "ce", "cet", "cette", "ces",
        "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos",
        "leur", "leurs", "à", "dans", "par", "pour", "en", "vers", "avec", "sans", "sous", "sur",
        "chez", "entre", "contre", "depuis", "pendant", "avant", "après", "selon", "parmi", "malgré",
        "durant", "hors", "dès", "via", "jusque", "jusqu",
        // Pronouns
        "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "me", "te", "se", "lui",
        "eux", "moi", "toi", "soi", "y", "ceci", "cela", "ça", "celui", "celle", "ceux", "celles",
        "ci", "qui", "que", "quoi", "dont", "où", "lequel", "laquelle", "lesquels", "lesquelles",
        "duquel", "auquel", "auxquels", "quel", "quelle", "quels", "quelles", "chacun", "chacune",
        "mien", "tien", "sien", "nôtre", "vôtre", "autrui", "personne", "rien",
        // Conjunctions and connectors
        "et", "ou", "mais", "donc", "or", "ni", "car", "si", "comme", "quand", "lorsque", "puisque",
        "quoique", "parce", "afin", "ainsi", "alors", "puis", "ensuite", "enfin", "cependant",
        "pourtant", "toutefois", "sinon", "tandis", "soit", "abord",
        // Quantifiers and common adverbs
        "tout", "tous", "toute", "toutes", "aucun", "aucune", "autre", "autres", "chaque",
        "plusieurs", "quelque", "quelques", "certain", "certaine", "certains", "certaines", "tel",
        "telle", "tels", "telles", "même", "mêmes", "ne", "pas", "plus", "moins", "très", "trop",
        "peu", "assez", "beaucoup", "tant", "autant", "bien", "encore", "déjà", "toujours", "jamais",
        "souvent", "parfois", "aussi", "non", "oui", "ici", "là", "comment", "pourquoi", "combien",
        "surtout", "notamment", "également", "seulement", "vraiment", "simplement", "aujourd'hui",
        "peut-être", "lors", "dessus", "dessous",
        // être
        "être", "suis", "es", "est", "sommes", "êtes", "sont", "été", "étant", "étais", "était",
        "étions", "étiez", "étaient", "serai", "seras", "sera", "serons", "serez", "seront",
        "serais", "serait", "serions", "seriez", "seraient", "fus", "fut", "furent", "sois",
        "soyons", "soyez", "soient", "fût",
        // avoir
        "avoir", "ai", "as", "a", "avons", "avez", "ont", "eu", "ayant", "avais", "avait", "avions",
        "aviez", "avaient", "aurai", "auras", "aura", "aurons", "aurez", "auront", "aurais",
        "aurait", "aurions", "auriez", "auraient", "eut", "eurent", "aie", "aies", "ait", "ayons",
        "ayez", "aient",
        // faire, pouvoir, devoir, aller: too common to describe a subject
        "faire", "fait", "fais", "faisons", "faites", "font", "fera", "feront", "pouvoir", "peux",
        "peut", "pouvons", "pouvez", "peuvent", "pourra", "pourrait", "devoir", "dois", "doit",
        "devons", "devez", "doivent", "devra", "va", "vais", "vas", "allons", "allez", "vont",
        "aller", "voici", "voilà",
    ]
}
