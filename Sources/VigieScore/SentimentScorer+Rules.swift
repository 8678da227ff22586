import VigieCore

extension SentimentScorer {
    /// VADER's empirically derived constants (Hutto & Gilbert 2014).
    static let boosterIncrement: Float = 0.293
    static let capsIncrement: Float = 0.733
    static let negationScalar: Float = -0.74
    static let normalisationAlpha: Double = 15
    /// Weights of the part of a sentence before and after a contrast word.
    static let beforeContrast: Float = 0.5
    static let afterContrast: Float = 1.5
    /// How many words before a sentiment word negators and modifiers reach.
    static let window = 3
    /// Weight of the words of a several-word hashtag ("#TheWalkingDead" is mostly a name).
    static let compoundHashtagWeight: Float = 0.5
    /// What praise marked `ironic` ("bravo", "thanks for") is multiplied by when a service failure
    /// follows it in the text: "Bravo, encore en panne".
    static let ironicScalar: Float = -0.5
    /// What the other praise of a text holding a service failure weighs: a complaint stays a
    /// complaint however politely it is put ("Flight cancelled, the crew was nice though").
    static let praiseInComplaint: Float = 0.5

    @inline(__always)
    private func keyEquals(_ w: Word, _ literal: StaticString, _ keys: [UInt8]) -> Bool {
        guard Int(w.length) == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for j in 0..<Int(w.length) where keys[Int(w.start) + j] != p[j] { return false }
        return true
    }

    /// Is the particle "ne" among the few words before `index`, in the same sentence?
    private func particleBefore(_ index: Int, _ l: Int, _ words: [Word]) -> Bool {
        var k = index - 1
        var seen = 0
        while k >= 0, seen < 5 {
            let w = words[k]
            if w.flags.contains(.endsSentence) { return false }
            if w.term >= 0, entry(l, w.term).roles.contains(.particle) { return true }
            k -= 1
            seen += 1
        }
        return false
    }

    /// Is there, earlier in the sentence and at most 8 words back (beyond the usual window), a
    /// verb of opinion with a negator just before it or, in spoken French, just after it?
    private func raisedNegation(before index: Int, _ l: Int, _ words: [Word]) -> Bool {
        var k = index - Self.window - 1
        let limit = max(0, index - 8)
        guard k >= limit else { return false }
        // No sentence end between the verb and the word.
        for m in k..<index where words[m].flags.contains(.endsSentence) { k = max(k, m + 1) }
        while k >= limit {
            if words[k].flags.contains(.endsSentence) { return false }
            if words[k].term >= 0, entry(l, words[k].term).roles.contains(.negationRaiser) {
                for d in 1...2 where k - d >= 0 {
                    let w = words[k - d]
                    if w.term >= 0, entry(l, w.term).roles.contains(.negator) { return true }
                }
                if k + 1 < index, words[k + 1].term >= 0, entry(l, words[k + 1].term).roles.contains(.negatorAfter) {
                    return true
                }
                return false
            }
            k -= 1
        }
        return false
    }

    func applyRules(_ l: Int, _ language: Language, _ scratch: inout ScoringScratch, explain: Bool) -> Sentiment {
        let words = scratch.words
        let keys = scratch.buffer.keys
        let n = words.count
        // Every word starts at 0; only sentiment words are written.
        scratch.sentiments.removeAll(keepingCapacity: true)
        scratch.sentiments.append(contentsOf: repeatElement(0, count: n))
        var caps = 0
        for w in words where w.flags.contains(.allCaps) { caps += 1 }
        let capsDiffer = caps > 0 && caps < n
        // The complaint layer: the last service failure that came out negative.
        var lastFailure = -1
        // Whether the text asks something (a question, "please help", "svp"), and thanks it.
        var asks = scratch.buffer.questions > 0
        var thanks = false

        for i in 0..<n {
            let w = words[i]
            guard w.term >= 0 else { continue }
            let this = entry(l, w.term)
            if this.roles.contains(.request) { asks = true }
            let nextHasValence = i + 1 < n && words[i + 1].term >= 0 && entry(l, words[i + 1].term).isSentiment
            // A booster is only a booster; one that is also an evaluative word ("super") is scored
            // as such when no sentiment word follows it.
            if this.roles.contains(.modifier), !this.hasValence || nextHasValence { continue }
            guard this.hasValence else { continue }
            // "again", "for <n> hours": only once the whole text is known to hold a failure.
            if this.roles.contains(.aggravator) { continue }
            var v = this.valence
            // "like" is praise after "I", "don't", "really"; not in "looks like", "shows like this".
            if this.roles.contains(.verbOnly) {
                var verb = false
                if i > 0, words[i - 1].term >= 0 {
                    let previous = entry(l, words[i - 1].term).roles
                    verb = !previous.isDisjoint(with: [.subject, .negator, .modifier])
                }
                if !verb { continue }
            }
            // "no"/"aucun" as a determiner of a sentiment word: the negation, not its own valence.
            if this.roles.contains(.negator), nextHasValence { v = 0 }
            if v != 0, w.flags.contains(.allCaps), capsDiffer { v += v > 0 ? Self.capsIncrement : -Self.capsIncrement }
            if v != 0, w.flags.contains(.elongated) { v += v > 0 ? Self.boosterIncrement : -Self.boosterIncrement }

            var negated = false
            var d = 1
            while d <= Self.window, i - d >= 0 {
                let p = words[i - d]
                if p.flags.contains(.endsSentence) { break }
                if p.term >= 0 {
                    let before = entry(l, p.term)
                    if before.roles.contains(.modifier), !before.hasValence || d == 1 {
                        var s = before.modifier
                        if v < 0 { s = -s }
                        if p.flags.contains(.allCaps), capsDiffer {
                            s += v > 0 ? Self.capsIncrement : -Self.capsIncrement
                        }
                        // An elongated booster ("soooo good") boosts more.
                        if p.flags.contains(.elongated), s != 0 {
                            s += s > 0 ? Self.boosterIncrement : -Self.boosterIncrement
                        }
                        if d == 2 { s *= 0.95 } else if d == 3 { s *= 0.9 }
                        v += s
                    }
                    // "ne" does not negate a phrase that holds its own negator ("n'est pas mal").
                    if !negated, before.roles.contains(.negator),
                        !(before.roles.contains(.particle) && w.flags.contains(.phrase))
                    {
                        if !before.roles.contains(.negatorNeedsParticle) || particleBefore(i - d, l, words) {
                            v *= Self.negationScalar
                            negated = true
                        }
                    }
                }
                d += 1
            }
            // A negated verb of opinion carries its negation into its clause: "I don't think it
            // is good", "je ne pense pas que ce soit bon", "je pense pas que ce soit bon".
            if !negated, raisedNegation(before: i, l, words) {
                v *= Self.negationScalar
                negated = true
            }
            // Spoken French puts the negator after the verb: "j'aime pas", "ça marche jamais".
            if !negated, i + 1 < n, !w.flags.contains(.endsClause), words[i + 1].term >= 0,
                entry(l, words[i + 1].term).roles.contains(.negatorAfter)
            {
                var claimed = false
                var k = i + 2
                while k < n, k <= i + 1 + Self.window {
                    if words[k - 1].flags.contains(.endsClause) { break }
                    if words[k].term >= 0, entry(l, words[k].term).isSentiment { claimed = true }
                    k += 1
                }
                if !claimed { v *= Self.negationScalar }
            }
            // VADER's "least": "least favourite" is negated, "at least good" is not.
            if l == 1, i > 0, keyEquals(words[i - 1], "least", keys) {
                if !(i > 1 && (keyEquals(words[i - 2], "at", keys) || keyEquals(words[i - 2], "very", keys))) {
                    v *= Self.negationScalar
                }
            }
            if w.flags.contains(.compoundHashtag) { v *= Self.compoundHashtagWeight }
            scratch.sentiments[i] = v
            if v < 0, this.roles.contains(.failure) { lastFailure = i }
            if v > 0, this.roles.contains(.polite) { thanks = true }
        }

        // A complaint: what aggravates it counts, praise before a failure is irony, other
        // praise weighs less. In a text that asks, thanks are politeness.
        if lastFailure >= 0 || (asks && thanks) {
            for i in 0..<n where words[i].term >= 0 {
                let this = entry(l, words[i].term)
                if lastFailure >= 0, this.roles.contains(.aggravator) {
                    var v = this.valence
                    if words[i].flags.contains(.compoundHashtag) { v *= Self.compoundHashtagWeight }
                    scratch.sentiments[i] = v
                } else if scratch.sentiments[i] > 0 {
                    if i < lastFailure, this.roles.contains(.ironic) {
                        scratch.sentiments[i] *= Self.ironicScalar
                    } else if asks, this.roles.contains(.polite) {
                        scratch.sentiments[i] = 0
                    } else if lastFailure >= 0 {
                        scratch.sentiments[i] *= Self.praiseInComplaint
                    }
                }
            }
        }

        // A question asks: its praise words describe what is asked for ("can I get a good
        // seat?", "is the free wifi back?"), not an opinion; its complaints stay.
        if scratch.buffer.questions > 0 {
            var sentenceStart = 0
            for j in 0..<n where words[j].flags.contains(.endsSentence) || j == n - 1 {
                if words[j].flags.contains(.endsQuestion) {
                    for k in sentenceStart...j where scratch.sentiments[k] > 0 { scratch.sentiments[k] = 0 }
                }
                sentenceStart = j + 1
            }
        }

        // Contrast: within a sentence, what follows "mais"/"but" weighs more than what precedes it.
        var sentenceStart = 0
        var contrast = -1
        for j in 0..<n {
            if contrast < 0, words[j].term >= 0, entry(l, words[j].term).roles.contains(.contrast) { contrast = j }
            if words[j].flags.contains(.endsSentence) || j == n - 1 {
                if contrast >= 0 {
                    for k in sentenceStart..<contrast { scratch.sentiments[k] *= Self.beforeContrast }
                    for k in (contrast + 1)..<(j + 1) { scratch.sentiments[k] *= Self.afterContrast }
                }
                sentenceStart = j + 1
                contrast = -1
            }
        }

        // VADER's aggregation: sum, punctuation emphasis, normalisation to [-1, 1].
        var sum: Double = 0
        var positive: Double = 0
        var negative: Double = 0
        var neutral: Double = 0
        for s in scratch.sentiments {
            let v = Double(s)
            sum += v
            if v > 0 {
                positive += v + 1
            } else if v < 0 {
                negative += v - 1
            } else {
                neutral += 1
            }
        }
        let exclamations = Double(min(scratch.buffer.exclamations, 4)) * 0.292
        let q = scratch.buffer.questions
        let questions = q > 1 ? (q <= 3 ? Double(q) * 0.18 : 0.96) : 0
        let emphasis = exclamations + questions
        var compound: Double = 0
        if sum != 0 {
            sum += sum > 0 ? emphasis : -emphasis
            compound = max(-1, min(1, sum / (sum * sum + Self.normalisationAlpha).squareRoot()))
            if positive > -negative {
                positive += emphasis
            } else if positive < -negative {
                negative -= emphasis
            }
        }
        let total = positive - negative + neutral
        var pos: Double = 0
        var neg: Double = 0
        var neu: Double = 1
        if total > 0 {
            pos = positive / total
            neg = -negative / total
            neu = neutral / total
        }

        if explain {
            scratch.contributions.removeAll(keepingCapacity: true)
            for (i, s) in scratch.sentiments.enumerated() where s != 0 {
                scratch.contributions.append(
                    Contribution(term: term(words[i].term), valence: (Double(s) * 1000).rounded() / 1000))
            }
        }
        return Sentiment(
            language: language, score: compound, label: label(for: compound), positive: pos, negative: neg, neutral: neu
        )
    }
}
