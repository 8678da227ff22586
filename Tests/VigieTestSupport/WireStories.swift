import Foundation

/// Syndicated copies of wire stories and distinct complaints about the same
/// events, written for the near-duplicate tests: the copies must be one story,
/// the complaints must stay apart.
public enum WireStories {
    /// One French wire story about an outage, paragraph by paragraph.
    public static let frenchParagraphs = [
        "Une panne géante a privé mardi matin des centaines de milliers d'abonnés d'Ardoise Télécom d'internet et de téléphone fixe dans l'ouest de la France, a indiqué l'opérateur dans un communiqué.",
        "L'incident, survenu vers 7 heures, a touché principalement la Bretagne, les Pays de la Loire et la Normandie. Selon l'entreprise, une opération de maintenance sur un équipement du cœur de réseau situé à Rennes serait à l'origine de la coupure.",
        "« Nos équipes sont pleinement mobilisées pour rétablir le service dans les meilleurs délais », a assuré la direction, qui présente ses excuses aux clients concernés et promet un geste commercial.",
        "Sur les réseaux sociaux, de nombreux abonnés ont dénoncé l'absence d'information pendant plusieurs heures, le service client étant lui-même injoignable. Des commerçants ont dû fermer faute de terminal de paiement.",
        "Le ministère chargé du numérique a demandé un rapport détaillé à l'opérateur d'ici la fin de la semaine. Il s'agit de la troisième panne d'ampleur en un an pour Ardoise Télécom.",
    ]

    public static let frenchHeadlines = [
        "Panne géante chez Ardoise Télécom : l'ouest de la France privé d'internet",
        "Ardoise Télécom : des centaines de milliers d'abonnés sans internet ce mardi",
        "Bretagne : la panne d'Ardoise Télécom paralyse commerces et particuliers",
        "Internet coupé dans l'Ouest, Ardoise Télécom s'excuse",
        "Ce que l'on sait de la panne qui a touché Ardoise Télécom",
        "Panne Ardoise Télécom : le gouvernement demande des comptes",
        "Normandie : les clients d'Ardoise Télécom privés de réseau",
        "Coupure géante : Ardoise Télécom promet un geste commercial",
        "Ardoise Télécom en panne, la colère des abonnés",
        "Pays de la Loire : internet et téléphone coupés chez Ardoise",
    ]
    public static let frenchTags = ["(AFP) –", "Rennes (AFP) -", "Par la rédaction avec AFP.", "AFP |", ""]
    public static let frenchReadAlso = [
        "Lire aussi : Fibre, les délais de raccordement s'allongent en Bretagne",
        "À lire aussi : Comment obtenir un dédommagement après une coupure internet ?",
        "LIRE AUSSI. Télétravail : que faire quand la connexion lâche ?",
        "",
    ]
    public static let frenchCopyrights = [
        "© Le Courrier de l'Ouest 2026", "Tous droits réservés, La Gazette du Trégor.",
        "© Ouest Matin – reproduction interdite", "", "Copyright Le Petit Normand, avec AFP",
    ]

    /// Twenty regional rewrites: own headline, agency tag, a "read also" line
    /// in the body, a copyright line, the body cut after two to five
    /// paragraphs, a word changed here and there.
    public static var frenchCopies: [String] {
        (0..<20).map { index in
            var paragraphs = Array(frenchParagraphs.prefix(2 + index % 4))
            if index % 3 == 1 { paragraphs[0] = paragraphs[0].replacingFirst("géante", with: "massive") }
            if index % 5 == 2 { paragraphs[1] = paragraphs[1].replacingFirst("principalement", with: "surtout") }
            let readAlso = frenchReadAlso[index % frenchReadAlso.count]
            if !readAlso.isEmpty { paragraphs.insert(readAlso, at: 1) }
            let tag = frenchTags[index % frenchTags.count]
            return
                ([frenchHeadlines[index % frenchHeadlines.count], tag + " " + paragraphs[0]]
                + paragraphs.dropFirst() + [frenchCopyrights[index % frenchCopyrights.count]])
                .joined(separator: "\n")
        }
    }

    /// Twenty customers complaining about the same outage, each in their own words.
    public static let frenchComplaints = [
        "Toujours pas d'internet chez Ardoise Télécom depuis 7h ce matin, impossible de télétravailler, c'est une honte",
        "@ArdoiseTelecom ça fait trois heures que la box clignote rouge et votre service client ne répond pas, sérieusement ?",
        "Panne Ardoise à Rennes, plus de fixe ni de wifi, ma mère âgée ne peut plus appeler personne. Scandaleux.",
        "Troisième panne cette année chez Ardoise Télécom, je résilie dès que la connexion revient, j'en ai assez",
        "Commerçant à Vannes : sans réseau Ardoise je ne peux plus encaisser les cartes bancaires, journée perdue",
        "Quelqu'un d'autre chez Ardoise Télécom en Normandie qui n'a plus rien depuis ce matin ? Aucune info sur leur site",
        "Le 39 00 d'Ardoise sonne dans le vide depuis une heure, on paie un abonnement pour ça ?",
        "Mes enfants ont cours en ligne et la fibre Ardoise est coupée, merci pour rien, vraiment lamentable",
        "Ardoise Télécom ne communique rien sur la panne, j'apprends par Twitter que tout l'Ouest est touché",
        "Je suis infirmière libérale, plus d'accès aux dossiers patients à cause de la coupure Ardoise, c'est grave",
        "Box Ardoise morte à Nantes depuis 7h15, redémarrée cinq fois, rien à faire",
        "Un geste commercial ? Je veux surtout un réseau qui fonctionne, Ardoise Télécom, trois coupures en douze mois",
        "À Caen aussi, plus de téléphone fixe ni d'internet avec Ardoise, et le chat du support est hors ligne",
        "Réunion client annulée à cause de la panne Ardoise, je vais demander un remboursement de la journée",
        "Les pompiers conseillent d'utiliser le mobile, encore faut-il avoir du réseau, Ardoise Télécom est à la rue",
        "Franchement déçue par Ardoise, aucun SMS pour prévenir les abonnés alors qu'ils ont nos numéros",
        "Mon alarme de maison passe par la ligne Ardoise, elle est hors service depuis ce matin, inadmissible",
        "Cela fait dix ans que je suis client Ardoise Télécom et je n'ai jamais vu une panne aussi longue",
        "Ardoise en carafe à Saint-Brieuc, la médiathèque et la mairie sont aussi sans connexion",
        "Vivement que la concurrence arrive dans ma commune, avec Ardoise Télécom on subit panne sur panne",
    ]

    /// Articles written independently about the same outage: long enough to be
    /// sketched, sharing names, places and facts, but not their sentences.
    public static let frenchIndependentArticles = [
        "Ardoise Télécom : pourquoi le réseau est tombé. Mardi matin, les abonnés bretons d'Ardoise Télécom se sont réveillés sans connexion. D'après nos informations, une intervention programmée sur un routeur rennais a mal tourné et entraîné l'arrêt de plusieurs centraux. L'opérateur, qui compte un million de clients dans la région, reconnaît une erreur humaine et annonce un audit de ses procédures.",
        "Témoignages : une matinée sans internet dans le Morbihan. Boulangers, pharmaciens et télétravailleurs racontent comment ils ont vécu la coupure d'Ardoise Télécom. « J'ai dû refuser les paiements par carte jusqu'à midi », explique une fleuriste de Vannes. À Lorient, un cabinet médical a reporté ses rendez-vous en visioconférence. Tous réclament une indemnisation rapide.",
        "Opérateurs : la fiabilité des réseaux régionaux en question. La panne survenue chez Ardoise Télécom relance le débat sur la dépendance des territoires à un seul fournisseur. Plusieurs élus de Normandie demandent que l'Arcep contrôle les plans de secours des opérateurs locaux, jugés insuffisants depuis les incidents de l'an dernier.",
        "Panne d'Ardoise : ce que prévoit la loi pour les clients. Un abonné privé de service plusieurs heures peut demander une réduction de sa facture au prorata de la durée de la coupure. Les associations de consommateurs conseillent de conserver les preuves de l'interruption et d'écrire au service client en recommandé si aucun geste n'est proposé sous quinze jours.",
        "Bourse : l'action Ardoise Télécom recule après l'incident. Le titre de l'opérateur a cédé plus de quatre pour cent mardi à Paris, les investisseurs s'inquiétant du coût des compensations promises aux abonnés. Les analystes estiment cependant que l'impact financier restera limité si la panne ne se reproduit pas dans les prochains mois.",
        "Éditorial : la panne de trop. Trois coupures géantes en douze mois, une communication inexistante et un service client débordé : Ardoise Télécom a perdu la confiance de ses abonnés de l'Ouest. Les excuses de la direction ne suffiront pas, il faudra des investissements visibles et un calendrier précis pour moderniser le cœur de réseau.",
    ]

    /// One English wire story, paragraph by paragraph.
    public static let englishParagraphs = [
        "Skylark Air grounded all of its flights for nearly four hours on Friday after a failure in the airline's crew scheduling system, the company said in a statement.",
        "Passengers at Manchester, Dublin and Glasgow reported long queues and no information at the gates as departure boards showed cancellations across the network.",
        "The airline said the fault had been traced to a software update installed overnight and that services were resuming gradually. It apologised to travellers and said refunds or rebooking would be offered.",
        "Aviation analysts said the disruption could cost the carrier several million pounds in compensation under passenger rights rules.",
    ]
    public static let englishHeadlines = [
        "Skylark Air grounds flights after IT failure", "Chaos at airports as Skylark Air system crashes",
        "Skylark Air apologises after four-hour shutdown", "What went wrong at Skylark Air on Friday",
        "Thousands stranded by Skylark Air outage",
    ]

    /// Ten rewrites of the English story.
    public static var englishCopies: [String] {
        (0..<10).map { index in
            let paragraphs = Array(englishParagraphs.prefix(2 + index % 3))
            let tag = ["(Reuters) -", "LONDON (AP) —", "By our travel desk, with Reuters.", ""][index % 4]
            let trailer = ["Read more: Your rights when a flight is cancelled", "© Northern Courier Ltd", ""][index % 3]
            return
                ([englishHeadlines[index % englishHeadlines.count], tag + " " + paragraphs[0]]
                + paragraphs.dropFirst() + [trailer]).joined(separator: "\n")
        }
    }

    /// English articles written independently about the same outage.
    public static let englishIndependentArticles = [
        "Why did Skylark Air's computers fail? Industry sources say the airline pushed an untested update to its crew rostering platform late on Thursday night. When pilots and cabin crew could not be matched to aircraft on Friday morning, the carrier had no choice but to halt departures until engineers rolled the change back.",
        "Stranded passengers share their stories. From a couple on their honeymoon to a football team heading to an away match, travellers describe hours of waiting in Dublin and Manchester with little food and no updates. Many said they learned of the cancellations from social media rather than from the airline itself.",
        "Skylark Air shares slide as analysts count the cost. The airline's stock fell sharply in early trading as investors weighed compensation claims that could run into millions of pounds. Analysts warned that repeated technology failures could damage bookings for the summer season.",
        "Opinion: airlines must stop treating IT as an afterthought. Friday's shutdown at Skylark Air is the latest in a string of meltdowns across the industry. Carriers spend heavily on aircraft and lounges but neglect the software that keeps them flying, and passengers pay the price every time.",
    ]

    /// Ten travellers complaining about the same outage.
    public static let englishComplaints = [
        "Stuck at Manchester for three hours, Skylark Air staff have no idea what is going on, absolute joke",
        "@SkylarkAir my flight to Dublin was cancelled with no email, no text, nothing. Worst airline ever",
        "Skylark Air boarding gates closed and nobody from the airline anywhere, families sleeping on the floor",
        "Missed my sister's wedding because Skylark Air's computers broke, I want a full refund not a voucher",
        "Has anyone actually got through to Skylark Air customer service today? On hold for ninety minutes",
        "Skylark Air website keeps crashing when I try to rebook, this is a shambles from start to finish",
        "Third time this year Skylark Air has let me down, never flying with them again after today",
        "Glasgow airport packed with angry Skylark Air passengers, the departure board is a sea of red",
        "Paid extra for priority with Skylark Air and I am still sitting here with no plane and no answers",
        "Skylark Air says it is a software problem, fine, but why did nobody tell us before we checked in",
    ]
}

extension String {
    /// The string with its first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
