"""Group unanswered questions into candidate new topics, across ky / ru / en and Latin letters.

Editors cannot read a thousand escalated questions; they can read "31 questions about military
service, in ky/ru/en, for example: …". Each question becomes a weighted bag of features
(`cluster_features`: the sound of its words' roots, their character trigrams, the lexicon's
concepts, collocations), linked to the questions it is like (cosine >= EDGE), and grouped in steps:

1. **Communities.** Louvain modularity over the similarity graph: a topic is a set of questions more
   linked among themselves than to the rest, however long the chains between them, so two near
   topics joined by a few links stay two (single-link chains merged them), and a topic whose
   questions share different words pairwise stays one (average link cut it).
2. **Assign.** Every question goes to the group whose *other* questions it is nearest (cosine to
   their sum, itself left out), if that is at least `keep`; the rest stay out. Twice, as groups move.
   This drops questions a community took in by one link and takes in ones it missed.
3. **Merge by centre.** A topic asked in two vocabularies can come out as two groups whose
   questions rarely share a word, though the groups' centres do ("армия", "служба" / "военный
   билет", "аскердик"): groups whose centres have cosine >= `merge` are merged, closest first, and
   questions assigned once more.

The thresholds were set on the synthetic topics of tests/learning_topics.py (eight topics the FAQ
lacks, with one-off and in-scope questions): there the centres of one topic's parts had cosine
>= 0.09, of different topics <= 0.05.

Groups smaller than `min_size` are not topics. Pure Python: similarities are computed only between
questions sharing a word's key, concept or rare trigram: 3,000 questions group in about 2.5 s.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.faq.model import Faq
from bot.learning.cluster_features import GRAM, KEY, Features, Vector, centre, cosine, vector
from bot.learning.phrasing import phrasing_key
from bot.learning.records import QuestionRecord

RESOLUTION = 1.5  # above 1, smaller and tighter communities (step 1)
DEGREE_FLOOR = 5.0  # least summed cosine of links per question that modularity counts with (step 1)
KEEP = 0.12  # least cosine between a question and the rest of a group to be in the group (step 2)
MERGE = 0.07  # least cosine between two groups' centres to merge them (step 3)
EDGE = 0.15  # pairs of questions less similar than this are not linked
_MAX_SWEEPS = 20
RARE_GRAM = 0.02  # trigrams in more than this share of the questions do not make two questions candidates


@dataclass(frozen=True)
class Cluster:
    """A candidate new topic: its questions (most typical first) and the words that characterise it."""

    records: tuple[QuestionRecord, ...]
    terms: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.records)

    @property
    def languages(self) -> dict[str, int]:
        """Language -> number of questions, most frequent first."""
        return dict(Counter(r.lang for r in self.records).most_common())

    def examples(self, limit: int = 5) -> list[QuestionRecord]:
        """Typical questions, one per language first, never the same words twice."""
        chosen: list[QuestionRecord] = []
        seen: set[str] = set()
        for pass_by_language in (True, False):
            langs: set[str] = set()
            for record in self.records:
                key = phrasing_key(record.text)
                if len(chosen) >= limit or key in seen or (pass_by_language and record.lang in langs):
                    continue
                chosen.append(record)
                seen.add(key)
                langs.add(record.lang)
        return chosen


def cluster_questions(
    records: Sequence[QuestionRecord],
    faq: Faq,
    *,
    resolution: float = RESOLUTION,
    merge: float = MERGE,
    keep: float = KEEP,
    min_size: int = 3,
) -> list[Cluster]:
    """Candidate topics among `records` (pass the unanswered ones), largest first.

    `resolution`, `keep` and `merge` are the thresholds of the three steps (see the module's doc); groups
    smaller than `min_size` are not topics.
    """
    features = Features(faq)
    counts = features.batch([r.text for r in records])
    weights = features.weights(counts)
    vectors = [vector(c, weights) for c in counts]
    edges = _similarities(vectors)
    groups = _communities(len(vectors), edges, resolution)
    groups = _assign([g for g in groups if len(g) > 1], vectors, keep)
    groups = _assign(_merge_by_centre(groups, vectors, merge), vectors, keep, rounds=1)
    clusters = []
    for members in groups:
        if len(members) < min_size:
            continue
        middle = centre(vectors[i] for i in members)
        members.sort(key=lambda i: (-cosine(vectors[i], middle), records[i].id))
        clusters.append(Cluster(tuple(records[i] for i in members), _terms(members, records, features, middle)))
    clusters.sort(key=lambda c: (-c.size, min(r.id for r in c.records)))
    return clusters


def _similarities(vectors: list[Vector]) -> dict[int, dict[int, float]]:
    """Cosine of each pair of questions sharing a word key, concept or rare trigram, where >= EDGE.

    Dot products are summed along the features' lists of questions, except for trigrams common to
    many questions: those are added only where they could lift a pair to EDGE (bounded by the norms
    of both questions' common trigrams), so the result is exact and the cost stays near linear.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(vectors):
        for feature in v:
            postings[feature].append(i)
    limit = max(3, int(RARE_GRAM * len(vectors)))
    common = {f for f, posting in postings.items() if f.startswith(GRAM) and len(posting) > limit}
    common_norm = [math.sqrt(sum(w * w for f, w in v.items() if f in common)) for v in vectors]
    sims: dict[int, dict[int, float]] = defaultdict(dict)
    for i, v in enumerate(vectors):
        partial: dict[int, float] = defaultdict(float)
        for feature, w in v.items():
            if feature in common:
                continue
            for j in postings[feature]:
                if j > i:
                    partial[j] += w * vectors[j][feature]
        own_common = [(f, w) for f, w in v.items() if f in common]
        for j, s in partial.items():
            if s + common_norm[i] * common_norm[j] < EDGE:
                continue
            other = vectors[j]
            s += sum(w * other.get(f, 0.0) for f, w in own_common)
            if s >= EDGE:
                sims[i][j] = sims[j][i] = s
    return sims


def _communities(n: int, edges: dict[int, dict[int, float]], resolution: float) -> list[list[int]]:
    """Louvain modularity communities of the similarity graph, deterministic (nodes visited in order).

    A question moves to the neighbouring community where its links (summed cosines) most exceed what
    its and the community's total links would give by chance (times `resolution`); when nothing
    moves, communities become nodes and it starts again. A topic is a set of questions more linked
    among themselves than to the rest, however long the chains between them; two topics joined by a
    few links stay two. "By chance" is measured against at least DEGREE_FLOOR of links per question:
    in a small batch (one topic and a few strangers) plain modularity would cut the topic in pieces
    for want of anything else to separate.
    """
    adj: list[dict[int, float]] = [dict(edges.get(i, {})) for i in range(n)]
    loops = [0.0] * n
    node_of = list(range(n))  # question -> node of the current level
    total = max(sum(sum(row.values()) for row in adj), DEGREE_FLOOR * n)
    while total:
        count = len(adj)
        degree = [sum(row.values()) + 2 * loops[i] for i, row in enumerate(adj)]
        community = list(range(count))
        weight = degree[:]
        moved = False
        for _ in range(_MAX_SWEEPS):
            changed = False
            for i in range(count):
                own = community[i]
                links: dict[int, float] = defaultdict(float)
                for j, w in adj[i].items():
                    links[community[j]] += w
                weight[own] -= degree[i]
                best, gain = own, links.get(own, 0.0) - resolution * weight[own] * degree[i] / total
                for c in sorted(links):
                    g = links[c] - resolution * weight[c] * degree[i] / total
                    if g > gain + 1e-12:
                        best, gain = c, g
                weight[best] += degree[i]
                if best != own:
                    community[i] = best
                    changed = moved = True
            if not changed:
                break
        if not moved:
            break
        ids: dict[int, int] = {}
        for c in community:
            ids.setdefault(c, len(ids))
        next_adj: list[dict[int, float]] = [defaultdict(float) for _ in ids]
        next_loops = [0.0] * len(ids)
        for i in range(count):
            ci = ids[community[i]]
            next_loops[ci] += loops[i]
            for j, w in adj[i].items():
                cj = ids[community[j]]
                if ci == cj:
                    next_loops[ci] += w / 2
                else:
                    next_adj[ci][cj] += w
        node_of = [ids[community[c]] for c in node_of]
        adj = [dict(row) for row in next_adj]
        loops = next_loops
    groups: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(node_of):
        groups[c].append(i)
    return list(groups.values())


def _merge_by_centre(groups: list[list[int]], vectors: list[Vector], merge: float) -> list[list[int]]:
    """Merge the two groups whose centres are closest, again and again while that is at least `merge`.

    A topic asked in several vocabularies can come out of the communities as two groups ("армия",
    "служба" / "военный билет", "аскердик"): few questions of one are like any of the other, but
    the groups' centres share their words.
    """
    groups = [sorted(g) for g in groups]
    centres = [centre(vectors[i] for i in g) for g in groups]
    alive = set(range(len(groups)))
    heap = [
        (-s, a, b)
        for a in range(len(groups))
        for b in range(a + 1, len(groups))
        if (s := cosine(centres[a], centres[b])) >= merge
    ]
    heapq.heapify(heap)
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in alive or b not in alive:
            continue
        alive -= {a, b}  # the merged group gets a new number: the heap's pairs with a or b go stale
        groups.append(sorted(groups[a] + groups[b]))
        centres.append(centre(vectors[i] for i in groups[-1]))
        new = len(groups) - 1
        for other in sorted(alive):
            s = cosine(centres[new], centres[other])
            if s >= merge:
                heapq.heappush(heap, (-s, other, new))
        alive.add(new)
    return [groups[g] for g in sorted(alive)]


def _assign(groups: list[list[int]], vectors: list[Vector], keep: float, rounds: int = 2) -> list[list[int]]:
    """Each question to its nearest group if near enough; the others stay out. `rounds` times, as groups move.

    Nearness is the cosine to the sum of the group's questions, less the question itself for its own
    group: a question must be like the *others*, or a group of unrelated questions would keep them all.
    """
    for _ in range(rounds):
        sums: list[Vector] = []
        for g in groups:
            total: Vector = defaultdict(float)
            for i in g:
                for f, w in vectors[i].items():
                    total[f] += w
            sums.append(dict(total))
        norms = [math.sqrt(sum(w * w for w in t.values())) for t in sums]
        gram_norms = [math.sqrt(sum(w * w for f, w in t.items() if f.startswith(GRAM))) for t in sums]
        own = {i: c for c, g in enumerate(groups) for i in g}
        postings: dict[str, list[int]] = defaultdict(list)
        for c, total in enumerate(sums):
            for feature in total:
                if not feature.startswith(GRAM):
                    postings[feature].append(c)
        assigned: list[list[int]] = [[] for _ in groups]
        for i, v in enumerate(vectors):
            words = [(f, w) for f, w in v.items() if not f.startswith(GRAM)]
            grams = [(f, w) for f, w in v.items() if f.startswith(GRAM)]
            gram_norm = math.sqrt(sum(w * w for _, w in grams))
            partial: dict[int, float] = defaultdict(float)
            for f, w in words:
                for c in postings.get(f, ()):
                    partial[c] += w * sums[c][f]
            best, chosen = keep, -1
            for c in sorted(partial):
                mine = own.get(i) == c
                if not mine and (partial[c] + gram_norm * gram_norms[c]) < best * norms[c]:
                    continue  # even sharing every trigram it could not be the nearest
                dot = partial[c] + sum(w * sums[c].get(f, 0.0) for f, w in grams)
                if mine:
                    rest = norms[c] ** 2 - 2 * dot + 1.0
                    s = (dot - 1.0) / math.sqrt(rest) if rest > 1e-9 else 0.0
                else:
                    s = dot / norms[c] if norms[c] else 0.0
                if s >= best and (chosen < 0 or s > best):
                    best, chosen = s, c
            if chosen >= 0:
                assigned[chosen].append(i)
        groups = [g for g in assigned if len(g) > 1]
    return groups


def _terms(
    members: list[int], records: Sequence[QuestionRecord], features: Features, middle: Vector
) -> tuple[str, ...]:
    """The words behind the heaviest keys of the centre, as citizens wrote them."""
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    for i in members:
        for key, word in features.words(records[i].text):
            surfaces[key][word] += 1
    out: list[str] = []
    for key, _ in sorted(middle.items(), key=lambda kv: (-kv[1], kv[0])):
        if not key.startswith(KEY) or key not in surfaces:
            continue
        word = surfaces[key].most_common(1)[0][0]
        if word not in out:
            out.append(word)
        if len(out) == 6:
            break
    return tuple(out)
