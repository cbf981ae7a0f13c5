// Package corpus generates synthetic briefing sites for benchmarks and
// tests. A corpus is deterministic: the same seed gives the same bytes, and
// the first N briefs of a larger corpus equal those of a smaller one, because
// brief i is drawn from a random source seeded by (seed, i) alone.
//
// Briefs are shaped like real ones: about 650 words of body (median) with two
// ## headings, a bullet list, a blockquote, one footnote, inline links,
// [[entity]] links and [@source] citations; YAML front matter with 2–6 actors
// from a pool of 2,000 drawn with Zipf-like weights (the most popular actor
// is in about a quarter of all briefs), 1–4 of 198 countries, 1–3 of 300
// topics, 1–4 sources, and dates spread over 20 years. About 30% of the
// actors named have a profile. Names include diacritics and a few
// non-Latin scripts.
package corpus

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/generator/internal/content"
)

// Pool sizes.
const (
	Actors    = 2000
	Countries = 198
	Topics    = 300
)

// A Corpus generates the files of a site.
type Corpus struct {
	seed      uint64
	actors    []string
	countries []string
	topics    []string
	actorCDF  []float64 // cumulative Zipf weights
}

// New prepares the name pools for a seed.
func New(seed uint64) *Corpus {
	r := rand.New(rand.NewPCG(seed, 0x5175726570)) // pools depend on the seed only
	c := &Corpus{seed: seed}
	c.actors = uniqueNames(r, Actors, personName)
	c.countries = uniqueNames(r, Countries, countryName)
	c.topics = uniqueNames(r, Topics, topicName)
	// Zipf-like weights w_k = 1/k^0.85 put the first actor in about a
	// quarter of the briefs when each brief draws 2–6 actors.
	total := 0.0
	c.actorCDF = make([]float64, Actors)
	for k := range Actors {
		total += 1 / math.Pow(float64(k+1), 0.85)
		c.actorCDF[k] = total
	}
	for k := range c.actorCDF {
		c.actorCDF[k] /= total
	}
	return c
}

// uniqueNames draws n names whose slugs are all different.
func uniqueNames(r *rand.Rand, n int, gen func(*rand.Rand) string) []string {
	seen := map[content.Slug]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		name := gen(r)
		slug, err := content.ParseSlug(name)
		if err != nil || seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, name)
	}
	return out
}

var (
	given   = []string{"Amira", "Jonas", "Lucía", "Mehmet", "Søren", "Chloé", "Dmitri", "Fatima", "Kwame", "Li", "Ngozi", "Rafael", "Zoë", "Hassan", "Ingrid", "José", "Aleksandr", "Yusuf", "Élodie", "Tomasz", "Priya", "Kenji", "Olumide", "Björn", "Leila", "Mateus", "Nadia", "Omar", "Paulina", "Reza", "Sun", "Teodora", "Ursula", "Viktor", "Wanjiru", "Xóchitl", "Yara", "Zeynep"}
	family  = []string{"Haddad", "Müller", "García", "Yılmaz", "Nørgaard", "Dubois", "Ivanov", "Rahman", "Mensah", "Wei", "Okafor", "Silva", "Kowalczyk", "Petrović", "Al-Amin", "Nakamura", "Ferreira", "Schäfer", "Öztürk", "Łukasiewicz", "Khoury", "Bergström", "Mbeki", "Núñez", "Sato", "Farouk", "Lindqvist", "Adeyemi", "Costa", "Novák"}
	nonLatn = []string{"علی", "محمد", "فاطمه", "حسن", "Владимир", "Ольга", "Сергей", "Мария", "خالد", "سارا", "Николай", "رضا"}
	orgs    = []string{"Ministry of Defence", "National Assembly", "Central Bank", "Electoral Commission", "Popular Front", "Coalition for Reform", "Workers' Party", "Border Guard", "Supreme Court", "Energy Agency"}
	places  = []string{"Nor", "Val", "Kes", "Ard", "Bel", "Tor", "Mar", "Zan", "Quel", "Ost", "Lun", "Ser", "Dal", "Ith", "Vor", "Cam", "Rho", "Sel", "Ul", "Fen"}
	endings = []string{"ia", "land", "istan", "ova", "ar", "esh", "onia", "ique", "ria", "and", "ea", "ór"}
	themes  = []string{"security", "trade", "energy", "elections", "migration", "water", "sanctions", "ceasefire", "debt", "grain", "border", "nuclear", "refugees", "oil", "cyber", "press freedom", "corruption", "drought", "militias", "reconstruction"}
	aspects = []string{"policy", "talks", "crisis", "reform", "negotiations", "agreement", "dispute", "monitoring", "strategy", "programme", "market", "transition", "partnership", "cooperation", "oversight"}
	words   = strings.Fields(`the of and to in a is that for on as with was by it at from his her their has have be are this which an were not or but had after its they been more than also who will would new one two government officials said year its over into about against forces talks between minister country state region security agreement week months president military support people city border since while under during could later before both political economic since report statement according leaders meeting visit troops aid deal vote parliament pressure plan war peace crisis trade oil prices sanctions power capital analysts says expected however remains further least several`)
)

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func personName(r *rand.Rand) string {
	switch n := r.IntN(100); {
	case n < 6:
		return pick(r, nonLatn) + " " + pick(r, nonLatn)
	case n < 18:
		return "The " + pick(r, places) + pick(r, endings) + " " + pick(r, orgs)
	default:
		return pick(r, given) + " " + pick(r, family)
	}
}

func countryName(r *rand.Rand) string {
	if r.IntN(10) == 0 {
		return "Republic of " + pick(r, places) + pick(r, endings)
	}
	return pick(r, places) + strings.ToLower(pick(r, places)) + pick(r, endings)
}

func topicName(r *rand.Rand) string {
	return capitalize(pick(r, themes)) + " " + pick(r, aspects) + " " + fmt.Sprint(r.IntN(40)+1)
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// A Brief is one generated brief, before it is written out.
type Brief struct {
	File   string // content/briefs/<date>-<n>.md
	Data   []byte
	Actors []int // indexes into the actor pool
}

// Brief returns brief i; it depends only on the seed and i.
func (c *Corpus) Brief(i int) Brief {
	r := rand.New(rand.NewPCG(c.seed, uint64(i)+1))
	start := time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	date := start.AddDate(0, 0, r.IntN(20*365))
	actors := c.drawActors(r, 2+r.IntN(5))
	countries := distinct(r, 1+r.IntN(4), Countries)
	topics := distinct(r, 1+r.IntN(3), Topics)
	nsrc := 1 + r.IntN(4)

	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\n", quote(c.title(r)))
	fmt.Fprintf(&b, "date: %s\n", date.Format(time.DateOnly))
	writeList(&b, "actors", actors, c.actors)
	writeList(&b, "countries", countries, c.countries)
	writeList(&b, "topics", topics, c.topics)
	b.WriteString("sources:\n")
	for s := range nsrc {
		fmt.Fprintf(&b, "  - id: s%d\n    name: %s\n    url: https://news%d.example.org/%d/%d\n    date: %s\n",
			s+1, quote(strings.ToUpper(pick(r, places))+" "+pick(r, []string{"Times", "Agency", "Post", "Radio", "Monitor"})), r.IntN(50), date.Year(), r.IntN(100000), date.Format(time.DateOnly))
	}
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "events:\n  - date: %s\n    title: %s\n", date.AddDate(0, 0, -r.IntN(10)).Format(time.DateOnly), quote(c.title(r)))
	}
	b.WriteString("---\n")
	c.body(&b, r, actors, countries, nsrc)
	return Brief{File: fmt.Sprintf("content/briefs/%s-%05d.md", date.Format(time.DateOnly), i), Data: []byte(b.String()), Actors: actors}
}

// drawActors draws n distinct actors with the Zipf-like weights.
func (c *Corpus) drawActors(r *rand.Rand, n int) []int {
	var out []int
	for len(out) < n {
		k, _ := slices.BinarySearch(c.actorCDF, r.Float64())
		k = min(k, Actors-1)
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func distinct(r *rand.Rand, n, of int) []int {
	var out []int
	for len(out) < n {
		if k := r.IntN(of); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func writeList(b *strings.Builder, key string, idx []int, pool []string) {
	b.WriteString(key + ": [")
	for i, k := range idx {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(pool[k]))
	}
	b.WriteString("]\n")
}

// quote writes a YAML double-quoted string.
func quote(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }

func (c *Corpus) title(r *rand.Rand) string {
	return fmt.Sprintf("%s %s %s %s", capitalize(pick(r, themes)), pick(r, aspects), pick(r, []string{"stalls in", "resumes in", "shakes", "tests", "divides", "returns to"}), c.countries[r.IntN(Countries)])
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = pick(r, words)
	}
	ws[0] = capitalize(ws[0])
	return strings.Join(ws, " ")
}

// body writes about 650 words (the median) of markdown.
func (c *Corpus) body(b *strings.Builder, r *rand.Rand, actors, countries []int, nsrc int) {
	target := 450 + r.IntN(400) // words; median 650
	cite := func() string { return fmt.Sprintf(" [@s%d]", 1+r.IntN(nsrc)) }
	ref := func() string {
		if r.IntN(2) == 0 {
			return "[[" + c.actors[pick(r, actors)] + "]]"
		}
		return "[[" + pick(r, []string{"the government", "officials", "the delegation"}) + "|" + c.countries[pick(r, countries)] + "]]"
	}
	para := func(words int) {
		for written := 0; written < words; {
			n := 8 + r.IntN(14)
			s := sentence(r, n)
			switch r.IntN(6) {
			case 0:
				s += " " + ref()
			case 1:
				s += cite()
			case 2:
				s = ref() + " " + strings.ToLower(s[:1]) + s[1:]
			case 3:
				s += fmt.Sprintf(" ([report](https://example.org/reports/%d))", r.IntN(1000))
			}
			b.WriteString(s + ". ")
			written += n
		}
		b.WriteString("\n\n")
	}
	per := target / 8
	para(per)
	para(per)
	fmt.Fprintf(b, "## %s\n\n", sentence(r, 3))
	para(per)
	for range 4 {
		fmt.Fprintf(b, "- %s\n", sentence(r, per/8))
	}
	b.WriteString("\n")
	fmt.Fprintf(b, "> %s.%s\n\n", sentence(r, per/2), cite())
	fmt.Fprintf(b, "## %s\n\n", sentence(r, 4))
	para(per)
	b.WriteString(strings.TrimSuffix(sentence(r, per/2), " ") + ".[^1]\n\n")
	para(per)
	fmt.Fprintf(b, "[^1]: %s.\n", sentence(r, 20))
}

// Profile returns the profile file of actor k, or false when that actor has
// none (about 70% have none).
func (c *Corpus) Profile(k int) (file string, data []byte, ok bool) {
	r := rand.New(rand.NewPCG(c.seed^0xac7012, uint64(k)))
	if r.IntN(10) >= 3 {
		return "", nil, false
	}
	slug, _ := content.ParseSlug(c.actors[k]) // pool names always have slugs
	var b strings.Builder
	fmt.Fprintf(&b, "---\nname: %s\nsummary: %s\nrole: %s\ncountry: %s\n---\n", quote(c.actors[k]), quote(sentence(r, 12)+"."), quote(pick(r, orgs)), quote(c.countries[r.IntN(Countries)]))
	for range 2 {
		b.WriteString(sentence(r, 40) + ".\n\n")
	}
	return "content/actors/" + string(slug) + ".md", []byte(b.String()), true
}

// SiteYAML is the site.yaml of every generated corpus.
const SiteYAML = "title: Generated Briefings\ndescription: A synthetic corpus for benchmarks.\nbase_url: https://example.org/archive/\n"

// Files returns every file of a corpus of n briefs by slash path: site.yaml,
// the briefs, and the profiles of the actors they name.
func (c *Corpus) Files(n int) map[string][]byte {
	files := map[string][]byte{"content/site.yaml": []byte(SiteYAML)}
	named := map[int]bool{}
	for i := range n {
		br := c.Brief(i)
		files[br.File] = br.Data
		for _, a := range br.Actors {
			named[a] = true
		}
	}
	for k := range named {
		if f, data, ok := c.Profile(k); ok {
			files[f] = data
		}
	}
	return files
}
