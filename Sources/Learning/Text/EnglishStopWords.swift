extension StopWords {
    /// English function words, auxiliaries and very common adverbs. Contractions are listed
    /// whole ("don't") because the tokenizer keeps them whole; a possessive "'s" is stripped
    /// before the lookup instead.
    static let english: [String] = [
        // Articles, determiners, prepositions
        "a", "an", "the", "this", "that", "these", "those", "my", "your", "his", "her", "its",
        "our", "their", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into", "onto",
        "upon", "about", "above", "below", "under", "over", "between", "among", "through",
        "during", "before", "after", "against", "within", "without", "across", "along", "around",
        "behind", "beside", "besides", "beyond", "toward", "towards", "per", "via", "up", "down",
        "out", "off",
        // Pronouns
        "i", "me", "myself", "we", "us", "ourselves", "ours", "you", "yourself", "yourselves",
        "yours", "he", "him", "himself", "she", "herself", "hers", "it", "itself", "they", "them",
        "themselves", "theirs", "who", "whom", "whose", "which", "what", "one", "ones", "anyone",
        "someone", "everyone", "anything", "something", "nothing", "everything",
        // Conjunctions and connectors
        "and", "or", "but", "nor", "so", "if", "then", "than", "because", "as", "while", "until",
        "unless", "although", "though", "whether", "whereas", "since", "however", "therefore",
        "thus", "also", "either", "neither", "else",
        // Quantifiers and common adverbs
        "all", "any", "both", "each", "every", "few", "many", "much", "more", "most", "less",
        "least", "other", "others", "another", "some", "such", "several", "no", "not", "only",
        "own", "same", "too", "very", "just", "even", "ever", "never", "always", "often", "still",
        "yet", "already", "again", "once", "here", "there", "where", "when", "why", "how", "etc",
        "further", "rather", "quite",
        // be, have, do and modals
        "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having",
        "do", "does", "did", "doing", "done", "can", "cannot", "could", "may", "might", "must",
        "shall", "should", "will", "would", "ought", "get", "gets", "got", "let",
        // Contractions, kept whole by the tokenizer
        "aren't", "can't", "couldn't", "didn't", "doesn't", "don't", "hadn't", "hasn't",
        "haven't", "isn't", "mustn't", "shan't", "shouldn't", "wasn't", "weren't", "won't",
        "wouldn't", "i'm", "i've", "i'll", "i'd", "you're", "you've", "you'll", "you'd", "he'd",
        "he'll", "she'd", "she'll", "we're", "we've", "we'll", "we'd", "they're", "they've",
        "they'll", "they'd",
    ]
}
