package lexicon

// The closed classes of English words a task is read with: words too
// common to search for, and words that mark how the rest is to be read
// (a preposition's context, a determiner's noun, a unit's quantity, a
// subordinate or relative clause, a phrasal verb's particle). Spanish and
// Portuguese articles, pronouns and prepositions are read the same way
// ("las sesiones del usuario 42", "os domínios da org"), except those
// that are English words too ("no", "do", "a", "as") or lexicon entries
// ("del" is delete).

// Relative reports a word that opens a relative clause when a modal or
// auxiliary follows: "a key that can read files".
func Relative(w string) bool { return w == "that" || w == "which" || w == "who" }

// Auxiliary reports a modal or auxiliary verb, as the task's words are
// stemmed ("does" is "doe", "lets" is "let"; "has" keeps its s).
func Auxiliary(w string) bool {
	switch w {
	case "can", "could", "will", "would", "should", "may", "might", "must", "is", "are", "has", "have", "doe", "do", "let",
		"s", "was", "were", "been", "got": // "a post that's published", "rows that were deleted"
		return true
	}
	return false
}

// Subordinator reports a word that opens a subordinate clause.
func Subordinator(w string) bool {
	switch w {
	case "before", "after", "when", "whenever", "if", "once", "since", "while", "until", "because", "unless", "though", "although":
		return true
	}
	return false
}

// Filler reports a word before an imperative that says nothing:
// "please delete ...", "ok so remove ...".
func Filler(w string) bool {
	switch w {
	case "please", "pls", "plz", "kindly", "now", "also", "then", "and", "so", "just", "quickly", "ok", "okay", "hey", "hi":
		return true
	}
	return false
}

// Unit reports a word that makes the number before it a quantity.
func Unit(w string) bool {
	switch w {
	case "second", "sec", "minute", "min", "hour", "hr", "h", "day", "d", "week", "month", "year",
		"ms", "kb", "mb", "gb", "tb", "byte", "time", "percent", "x":
		return true
	}
	return false
}

// Determiner reports a word after which a verb of the lexicon is a noun:
// "a duplicate", "the upload", "our deploy".
func Determiner(w string) bool {
	switch w {
	case "a", "an", "the", "that", "this", "these", "those", "any", "some", "no", "each", "every",
		"my", "our", "your", "his", "her", "their",
		"el", "la", "los", "las", "un", "una", "mi", "mis", "tu", "su", "sus", "cada", "o", "os", "um", "uma", "meu", "minha":
		return true
	}
	return false
}

// Preposition reports words after which nouns name the context of the
// task ("add a row to the orders table"), not its object.
func Preposition(w string) bool {
	switch w {
	case "to", "in", "into", "from", "of", "for", "on", "at", "inside", "within",
		"de", "para", "en", "em", "pra", "desde", "dentro", "da", "na":
		return true
	}
	return false
}

// Affixed reports a hyphenated word that is one word with an affix: a
// prefix ("re-run", "un-ban", "multi-factor") or the pronoun after a
// French or Spanish imperative ("déconnecte-moi", "relance-la").
func Affixed(first, last string) bool {
	switch first {
	case "re", "un", "de", "pre", "non", "co", "multi", "auto", "self":
		return true
	}
	switch last {
	case "moi", "toi", "nous", "lui", "leur", "la", "le", "les", "lo", "los":
		return true
	}
	return false
}

// Particle reports the adverb of a phrasal verb: "sign up", "log in".
func Particle(w string) bool {
	switch w {
	case "up", "in", "out", "back", "off", "on", "down", "over", "away":
		return true
	}
	return false
}

// StopWord reports words too common to help a search: articles,
// pronouns, auxiliaries and fillers (the lexicon still reads them in
// phrases such as "who is in" or "log them out").
func StopWord(w string) bool {
	switch w {
	case "the", "an", "of", "to", "in", "for", "and", "or", "with", "by", "on", "is", "me", "my",
		"all", "this", "that", "from", "be", "it", "its", "into", "as", "at", "are", "can", "you",
		"your", "please", "some", "which", "what", "how", "do", "does", "will", "using", "use",
		"used", "if", "www", "com", "io", "v1",
		"they", "them", "their", "re", "we", "us", "our", "ours", "he", "him", "his", "she", "her",
		"ve", "ll", "don", "didn", "doesn", "isn", "aren", "wasn", "won", "im",
		"was", "were", "been", "being", "had", "would", "could", "should", "might", "must",
		"so", "too", "very", "just", "really", "actually", "totally", "still", "even", "also",
		"there", "here", "then", "than", "these", "those", "any", "each", "anything", "something",
		"pls", "plz", "thanks", "hey", "hi", "ok", "okay", "gonna", "wanna",
		"el", "la", "los", "las", "un", "una", "de", "al", "para", "por", "con", "en", "mi", "mis", "tu", "su", "sus",
		"que", "y", "lo", "le", "se", "nos", "o", "os", "um", "uma", "em", "na", "da", "das", "pra", "meu", "minha":
		return true
	}
	return false
}

// Contents is what a container people name holds ("the orders table"
// holds rows, "the media bucket" files), "" for a word that names none.
func Contents(w string) string {
	switch w {
	case "table", "collection":
		return "row"
	case "database", "db":
		return "table"
	case "bucket":
		return "file"
	case "topic":
		return "subscriber"
	}
	return ""
}
