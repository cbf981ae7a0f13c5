package site

import (
	"math/bits"
	"runtime"
	"slices"

	"github.com/sitrep-dev/sitrep/generator/internal/parallel"
)

// Related briefs: the briefs a brief's page suggests next.
//
// A brief's related briefs are those sharing the most of its actors,
// countries and topics, each shared entity weighted by its rarity: an
// entity named by n of the N briefs weighs 1 + ⌊log2(N/n)⌋, so that an
// actor in a quarter of the archive weighs 3 and one in 5 briefs of 10,000
// weighs 11. Ties go to the brief nearest in time, then to the first in
// the site's order (newest first). Drafts are never suggested (they are in
// the model only with Options.Drafts; a draft's own page does get
// suggestions).
//
// No pair of briefs is compared: for each of its entities, a brief walks
// the RelatedWindow briefs naming that entity that are nearest to it in
// time, adding the entity's weight to each in a dense array of scores. A
// brief with E entities costs at most E × RelatedWindow steps, whatever the
// size of the archive, and briefs are scored on every core. When a walk
// stopped short (an entity named by more than RelatedWindow other briefs),
// the candidates it may have missed that could be among the best are scored
// again on all they share (see rescore), so that a brief met through a rare
// entity also counts the common ones it shares. The result equals a comparison of every pair when no
// entity is named by more than RelatedWindow+1 briefs; on the generated
// corpus of 10,000 briefs, 98% of the related briefs are those of the
// exact ranking.

// RelatedBriefs is how many related briefs a brief lists.
const RelatedBriefs = 5

// RelatedWindow is how many briefs naming one entity, the nearest in time,
// a brief walks to find its related briefs.
const RelatedWindow = 100

// rarity is the weight of an entity named by n of the site's total briefs.
func rarity(total, n int) int32 {
	if n <= 0 || total <= n {
		return 1
	}
	return int32(bits.Len(uint(total / n))) // 1 + ⌊log2(total/n)⌋
}

// relateBriefs sets Related on every brief; all is every entity, by index,
// with its briefs listed, and each brief's index and members set.
func (s *Site) relateBriefs(all []*Entity) {
	n := len(s.Briefs)
	// the walks read dense arrays, not the briefs: a brief's date in
	// seconds, whether it is a draft, and each entity's briefs by index
	when := make([]int64, n)
	draft := make([]bool, n)
	for i, br := range s.Briefs {
		when[i], draft[i] = br.Date.Unix(), br.Draft
	}
	memOff := make([]int32, n+1)
	var members []int32
	for i, br := range s.Briefs {
		members = append(members, br.members...)
		memOff[i+1] = int32(len(members))
	}
	weights := make([]int32, len(all))
	lists := make([][]int32, len(all))
	flat := make([]int32, 0, n*8)
	for i, e := range all {
		weights[i] = rarity(n, len(e.Briefs))
		start := len(flat)
		for _, br := range e.Briefs {
			flat = append(flat, br.index)
		}
		lists[i] = flat[start:len(flat):len(flat)]
	}
	// one array of scores per worker, striding over the briefs: a pool
	// would hand out arrays the collector emptied, each the size of the
	// archive
	workers := min(runtime.GOMAXPROCS(0), max(n, 1))
	parallel.For(workers, func(w int) {
		r := relater{when: when, draft: draft, scores: make([]int32, n)}
		mark := make([]int32, len(all)) // by entity: its weight if the brief names it, else 0
		for i := w; i < n; i += workers {
			br := s.Briefs[i]
			r.touched = r.touched[:0]
			r.short = r.short[:0]
			for _, o := range br.members {
				if radius := r.walk(lists[o], br.index, weights[o]); radius >= 0 {
					r.short = append(r.short, shortWalk{radius, weights[o]})
				}
			}
			if len(r.short) > 0 {
				r.rescore(br.index, members, memOff, mark, br.members, weights)
			}
			br.Related = r.top(s.Briefs, br.index)
			for _, c := range r.touched {
				r.scores[c] = 0
			}
		}
	})
}

// A relater scores the briefs related to one brief at a time.
type relater struct {
	when    []int64 // by brief index: its date, in seconds
	draft   []bool  // by brief index
	scores  []int32 // by brief index: 0 but for those in touched
	touched []int32
	short   []shortWalk // the walks of the brief that stopped short
}

// A shortWalk is the walk of an entity named by more briefs than it took:
// those it left are radius seconds or more from the brief.
type shortWalk struct {
	radius int64
	weight int32
}

// walk adds weight to the score of the RelatedWindow briefs of list (brief
// indexes, ascending: newest first) nearest in time to brief b, which list
// holds, b excepted, drafts skipped. It returns the distance of the last
// brief it took when it left some, else -1.
func (r *relater) walk(list []int32, b int32, weight int32) (radius int64) {
	at, found := slices.BinarySearch(list, b)
	if !found {
		return -1
	}
	t := r.when[b]
	newer, older := at-1, at+1
	for range RelatedWindow {
		var c int32
		switch {
		case newer >= 0 && (older >= len(list) || r.when[list[newer]]-t <= t-r.when[list[older]]):
			c = list[newer]
			newer--
		case older < len(list):
			c = list[older]
			older++
		default:
			return -1
		}
		radius = max(r.when[c]-t, t-r.when[c])
		if r.draft[c] {
			continue
		}
		if r.scores[c] == 0 {
			r.touched = append(r.touched, c)
		}
		r.scores[c] += weight
	}
	if newer < 0 && older >= len(list) {
		return -1
	}
	return radius
}

// rescore scores again, on all they share with brief b (whose entities
// are mine, weighted by weights), the briefs found that a walk stopping
// short may have missed and that could be among the best: a brief found
// through one entity may share another whose walk stopped before it. Only
// those at least as far as the radius of a short walk can have been
// missed, and only those whose score, with the weights they may have
// missed, reaches the RelatedBriefs-th best score can be among the best.
// mark is all zero, by entity; members[memOff[c]:memOff[c+1]] are the
// entities of brief c.
func (r *relater) rescore(b int32, members, memOff, mark, mine, weights []int32) {
	floor := r.floor()
	var exact [RelatedBriefs]int32 // the best scores given so far, which the best can only pass
	t := r.when[b]
	marked := false
	for _, c := range r.touched {
		d := max(r.when[c]-t, t-r.when[c])
		var missed int32
		for _, sh := range r.short {
			if d >= sh.radius {
				missed += sh.weight
			}
		}
		if missed == 0 || r.scores[c]+missed < max(floor, exact[RelatedBriefs-1]) {
			continue
		}
		if !marked {
			for _, o := range mine {
				mark[o] = weights[o]
			}
			marked = true
		}
		var sc int32
		for _, o := range members[memOff[c]:memOff[c+1]] {
			sc += mark[o]
		}
		r.scores[c] = sc
		insertScore(&exact, sc)
	}
	if marked {
		for _, o := range mine {
			mark[o] = 0
		}
	}
}

// floor is the RelatedBriefs-th best score among touched, 0 with fewer.
func (r *relater) floor() int32 {
	var best [RelatedBriefs]int32
	for _, c := range r.touched {
		insertScore(&best, r.scores[c])
	}
	return best[RelatedBriefs-1]
}

// insertScore puts sc in best, which holds the best scores in descending
// order, if it is among them.
func insertScore(best *[RelatedBriefs]int32, sc int32) {
	if sc <= best[RelatedBriefs-1] {
		return
	}
	i := RelatedBriefs - 1
	for i > 0 && best[i-1] < sc {
		best[i] = best[i-1]
		i--
	}
	best[i] = sc
}

// top returns the RelatedBriefs briefs among touched with the highest
// scores, ties to the nearest to brief b in time, then the newer, then the
// first in the site's order; it keeps a small sorted top list instead of
// sorting every candidate.
func (r *relater) top(briefs []*Brief, b int32) []*Brief {
	type cand struct {
		index int32
		score int32
		dist  int64
	}
	before := func(x, y cand) bool {
		if x.score != y.score {
			return x.score > y.score
		}
		if x.dist != y.dist {
			return x.dist < y.dist
		}
		return x.index < y.index // the site's order is newest first
	}
	top := make([]cand, 0, RelatedBriefs+1)
	for _, c := range r.touched {
		x := cand{index: c, score: r.scores[c], dist: r.when[c] - r.when[b]}
		x.dist = max(x.dist, -x.dist)
		if len(top) == RelatedBriefs && !before(x, top[len(top)-1]) {
			continue
		}
		i := len(top)
		for i > 0 && before(x, top[i-1]) {
			i--
		}
		top = slices.Insert(top, i, x)
		if len(top) > RelatedBriefs {
			top = top[:RelatedBriefs]
		}
	}
	if len(top) == 0 {
		return nil
	}
	out := make([]*Brief, len(top))
	for i, x := range top {
		out[i] = briefs[x.index]
	}
	return out
}
