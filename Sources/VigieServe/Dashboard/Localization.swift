import Foundation

/// The dashboard's words in French and English, chosen by `?lang=`, else `Accept-Language`, else English.
enum Localization: String, CaseIterable, Sendable {
    case english = "en"
    case french = "fr"

    /// `?lang=` when it names a language we speak, else the first one of `Accept-Language` we speak.
    static func choose(query: String?, acceptLanguage: String?) -> Localization {
        if let query, let chosen = Localization(rawValue: query.lowercased()) { return chosen }
        let ranked = (acceptLanguage ?? "").split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (String(tag.prefix(2)).lowercased(), quality)
        }
        for (tag, quality) in ranked.sorted(by: { $0.1 > $1.1 }) where quality > 0 {
            if let chosen = Localization(rawValue: tag) { return chosen }
        }
        return .english
    }

    /// The words of this language, by key, for the templates (`{{t.key}}`).
    var words: [String: String] {
        Self.table.mapValues { self == .french ? $0.1 : $0.0 }
    }

    /// A word by key.
    subscript(_ key: String) -> String {
        guard let entry = Self.table[key] else { return key }
        return self == .french ? entry.1 : entry.0
    }

    private static let table: [String: (String, String)] = [
        "overview": ("Overview", "Vue d'ensemble"),
        "mentions": ("Mentions", "Mentions"),
        "alerts": ("Alerts", "Alertes"),
        "backtest": ("Rehearse a setting", "Répéter un réglage"),
        "sources": ("Sources", "Sources"),
        "timeline": ("Sentiment timeline", "Chronologie du sentiment"),
        "period": ("Period", "Période"),
        "bucket": ("Bucket", "Intervalle"),
        "hour": ("hour", "heure"),
        "day": ("day", "jour"),
        "week": ("week", "semaine"),
        "timezone": ("Time zone", "Fuseau horaire"),
        "show": ("Show", "Afficher"),
        "brand": ("Brand", "Marque"),
        "all_brands": ("All brands", "Toutes les marques"),
        "label": ("Label", "Étiquette"),
        "any": ("any", "toutes"),
        "negative": ("negative", "négatif"),
        "neutral": ("neutral", "neutre"),
        "positive": ("positive", "positif"),
        "source": ("Source", "Source"),
        "language": ("Language", "Langue"),
        "text": ("Text", "Texte"),
        "since": ("Since", "Depuis"),
        "unread_only": ("Unread only", "Non lues seulement"),
        "filter": ("Filter", "Filtrer"),
        "unread": ("unread", "non lues"),
        "mark_read": ("Mark read", "Marquer lue"),
        "mark_unread": ("Mark unread", "Marquer non lue"),
        "mark_all_read": ("Mark all read up to here", "Tout marquer lu jusqu'ici"),
        "relabel": ("Relabel", "Réétiqueter"),
        "scorer_label": ("scorer's label", "étiquette du scoreur"),
        "manual": ("set by hand", "fixée à la main"),
        "scorers": ("back to the scorer's", "revenir à celle du scoreur"),
        "top_terms": ("Top terms", "Termes principaux"),
        "top_sources": ("Top sources", "Sources principales"),
        "share_of_voice": ("Share of voice", "Part de voix"),
        "share": ("share", "part"),
        "negative_share": ("negative share", "part négative"),
        "recent_alerts": ("Recent alerts", "Alertes récentes"),
        "no_alerts": ("No alert in this period.", "Aucune alerte sur cette période."),
        "no_mentions": ("No mention matches.", "Aucune mention ne correspond."),
        "downloads": ("Download", "Télécharger"),
        "deliveries": ("Deliveries", "Envois"),
        "sink": ("Sink", "Destination"),
        "status": ("Status", "État"),
        "attempts": ("Attempts", "Tentatives"),
        "last_error": ("Last error", "Dernière erreur"),
        "retry": ("Retry", "Réessayer"),
        "why": ("Why this alert", "Pourquoi cette alerte"),
        "figures": ("What the detector decided on", "Les chiffres sur lesquels le détecteur a tranché"),
        "bucket_start": ("Bucket", "Intervalle"),
        "raised_at": ("Raised at", "Levée à"),
        "baseline": ("expected", "attendu"),
        "usual_share": ("usual negative share", "part négative habituelle"),
        "window": ("deciding window", "fenêtre décisive"),
        "probability": ("probability under the usual", "probabilité si tout était habituel"),
        "evidence_mentions": ("Mentions of the deciding bucket", "Mentions de l'intervalle décisif"),
        "evidence_terms": ("Terms that drove their scores", "Termes qui ont pesé sur leur score"),
        "settings": ("Detector settings", "Réglages du détecteur"),
        "replay": ("Replay the stored history", "Rejouer l'historique enregistré"),
        "would_raise": ("With these settings", "Avec ces réglages"),
        "real_alerts": ("Alerts actually raised", "Alertes réellement levées"),
        "paste_yaml": ("Paste into vigie.yaml", "À coller dans vigie.yaml"),
        "last_fetch": ("Last fetch", "Dernière lecture"),
        "next_poll": ("Next poll", "Prochaine lecture"),
        "failing_since": ("Failing since", "En échec depuis"),
        "entries": ("Entries", "Entrées"),
        "login": ("Log in", "Se connecter"),
        "logout": ("Log out", "Se déconnecter"),
        "password": ("Password or token", "Mot de passe ou jeton"),
        "wrong_password": ("Wrong password or token.", "Mot de passe ou jeton incorrect."),
        "shortcuts": (
            "Keys: j next, k previous, m read/unread, ? this help",
            "Touches : j suivante, k précédente, m lue/non lue, ? cette aide"
        ),
        "older": ("Older", "Plus anciennes"),
        "newer": ("Newer", "Plus récentes"),
        "ok": ("ok", "ok"),
        "failing": ("failing", "en échec"),
        "never_fetched": ("never fetched", "jamais lue"),
        "retired": ("retired", "retirée"),
        "pending": ("pending", "en attente"),
        "delivered": ("delivered", "envoyée"),
        "failed": ("failed", "échouée"),
        "none": ("none", "aucun"),
        "open": ("open", "ouvrir"),
        "total": ("total", "total"),
    ]
}
