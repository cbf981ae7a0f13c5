package main

import (
	"bytes"
	"cmp"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/sitrep-dev/sitrep/generator/internal/pagestat"
)

// query is one sample search: what it stands for and its URL query.
type query struct {
	label  string // "common word"
	params url.Values
}

// stopWords are left out of the words picked as queries: search indexes
// commonly drop them, so they say little about the index.
var stopWords = wordSet(`about above after again against along among another because been before being
	below between both could during each either every from further have having however into later least
	little might more most much must never other others over same several should since some such than that
	their them then there these they this those through under until upon very were what when where which
	while whom whose will with within without would your`)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for w := range strings.FieldsSeq(words) {
		set[w] = true
	}
	return set
}

// markup is what is dropped from a brief's body before its words are
// counted: link destinations, citations, footnote marks.
var markup = regexp.MustCompile(`\]\([^)]*\)|\[@[^\]]*\]|\[\^[^\]]*\]|https?://\S+`)

// corpusWords reads the briefs under site/content/briefs and returns, for
// every word of five letters or more that is no stop word, the number of
// briefs whose title or body has it, and the latest year of a brief's date.
func corpusWords(site string) (df map[string]int, latestYear string, err error) {
	df = map[string]int{}
	root := filepath.Join(site, "content", "briefs")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text, year := briefText(data)
		latestYear = max(latestYear, year)
		seen := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len([]rune(w)) >= 5 && !stopWords[w] && !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
		return nil
	})
	return df, latestYear, err
}

// briefText returns a brief's title and body, without the rest of its
// front matter or link destinations, and the year of its date.
func briefText(data []byte) (text, year string) {
	body := data
	var title string
	if rest, ok := bytes.CutPrefix(data, []byte("---\n")); ok {
		if fm, b, ok := bytes.Cut(rest, []byte("\n---\n")); ok {
			body = b
			for line := range strings.SplitSeq(string(fm), "\n") {
				if t, ok := strings.CutPrefix(line, "title:"); ok {
					title = t
				}
				if d, ok := strings.CutPrefix(line, "date:"); ok {
					if d = strings.Trim(strings.TrimSpace(d), `"'`); len(d) >= 4 {
						year = d[:4]
					}
				}
			}
		}
	}
	return title + "\n" + markup.ReplaceAllString(string(body), " "), year
}

// pickQueries picks the sample queries of a site: its most common word,
// its rarest, the name of the actor with the most pages (on its page's
// h1), its two most common words, and the most common word with that
// actor's facet and with the latest year.
func pickQueries(site, out string, pages []pagestat.Page) ([]query, error) {
	df, year, err := corpusWords(site)
	if err != nil {
		return nil, err
	}
	words := make([]string, 0, len(df))
	for w := range df {
		words = append(words, w)
	}
	// most common first; ties in alphabetical order
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(df[b]-df[a], strings.Compare(a, b)) })
	var qs []query
	add := func(label string, kv ...string) {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		qs = append(qs, query{label, v})
	}
	if len(words) > 0 {
		add("common word", "q", words[0])
		rare := words[len(words)-1]
		for i := len(words) - 1; i >= 0 && df[words[i]] == df[rare]; i-- {
			rare = words[i] // the alphabetically first of the rarest
		}
		add("rare word", "q", rare)
	}
	slug, name := topActor(out, pages)
	if name != "" {
		add("entity name", "q", name)
	}
	if len(words) > 1 {
		add("two words", "q", words[0]+" "+words[1])
	}
	if len(words) > 0 && slug != "" {
		add("word + actor", "q", words[0], "actor", slug)
	}
	if len(words) > 0 && year != "" {
		add("word + year", "q", words[0], "year", year)
	}
	return qs, nil
}

// topActor returns the actor whose pages weigh the most (the one named by
// the most briefs) and the text of the h1 of its page.
func topActor(out string, pages []pagestat.Page) (slug, name string) {
	weight := map[string]int64{}
	for _, p := range pages {
		if p.Entity != "" && strings.TrimSuffix(p.Kind, " sub-page") == "actor" {
			weight[p.Entity] += p.Bytes
		}
	}
	for e, w := range weight {
		if w > weight[slug] || (w == weight[slug] && e < slug) {
			slug = e
		}
	}
	if slug == "" {
		return "", ""
	}
	data, err := os.ReadFile(filepath.Join(out, "actors", slug, "index.html"))
	if err != nil {
		return slug, ""
	}
	return slug, pagestat.Heading(data)
}
