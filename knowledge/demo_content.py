"""Demo publications of the Migration Consortium's knowledge base, written for the
academy's demo in our own words (not the consortium's texts). Each publication: type,
topics, related courses, editions, and per language a title, a summary and the pages of
its generated PDF (Polish versions are the longest, so search has real Polish to find)."""

PUBLICATIONS = [
    {
        "slug": "monitoring-zakwaterowania-zbiorowego",
        "type": "report",
        "region": "national",
        "authors": "Anna Zielińska, Michał Kruk",
        "topics": ["ochrona-miedzynarodowa", "integracja-lokalna"],
        "audiences": ["gmina", "urzad-wojewodzki"],
        "courses": ["ochrona-czasowa-ukraina"],
        "editions": [
            ("1. wydanie", "2023-06-15", "Pierwsze wyniki monitoringu z czterech województw."),
            (
                "2. wydanie",
                "2024-02-20",
                "Dane z sześciu województw i nowe rekomendacje po zmianach w ustawie o pomocy obywatelom Ukrainy.",
            ),
        ],
        "pl": {
            "title": "Monitoring zakwaterowania zbiorowego uchodźców z Ukrainy w sześciu województwach",
            "summary": "Sprawdziliśmy, jak mieszkają osoby uchodźcze z Ukrainy w ośrodkach zbiorowego zakwaterowania "
            "w sześciu województwach: warunki sanitarne, prywatność, dostęp do szkoły, pracy i opieki zdrowotnej. "
            "Raport pokazuje, gdzie samorządy i wojewodowie mogą szybko poprawić warunki.",
            "pages": [
                (
                    "Jak prowadziliśmy monitoring",
                    "Zespoły monitorujące odwiedziły sto dwadzieścia obiektów zakwaterowania zbiorowego: hotele robotnicze, internaty, dawne szpitale i hale sportowe. W każdym miejscu rozmawialiśmy z mieszkańcami, z kierownictwem obiektu i z pracownikami gminy. Pytaliśmy o liczbę osób w pokoju, o dostęp do kuchni i łazienek oraz o to, czy dzieci chodzą do szkoły.",
                ),
                (
                    "Najważniejsze ustalenia",
                    "W co trzecim obiekcie rodziny z dziećmi dzieliły pokój z obcymi osobami. Osoby starsze i z niepełnosprawnościami najczęściej nie miały dostosowanych łazienek. Tam, gdzie gmina wyznaczyła jedną osobę do kontaktu z mieszkańcami, problemy rozwiązywano w ciągu kilku dni. Zjawisko nazwaliśmy efektem gospodarza obiektu: dobry zarządca zmienia więcej niż dodatkowe pieniądze.",
                ),
                (
                    "Rekomendacje dla samorządów",
                    "Zalecamy, aby każda umowa na zakwaterowanie zbiorowe zawierała minimalne standardy powierzchni i prywatności, a wojewoda regularnie sprawdzał ich przestrzeganie. Gminy powinny wspierać przeprowadzkę do mieszkań, zanim ośrodek zostanie zamknięty, i informować mieszkańców po ukraińsku z co najmniej miesięcznym wyprzedzeniem.",
                ),
            ],
        },
        "en": {
            "title": "Monitoring of collective accommodation for refugees from Ukraine in six provinces",
            "summary": "We looked at how refugees from Ukraine live in collective accommodation centres in six provinces: "
            "sanitation, privacy, and access to school, work and health care, and where municipalities and "
            "voivodes can improve conditions quickly.",
            "pages": [
                (
                    "Summary",
                    "Monitoring teams visited one hundred and twenty collective sites. Families often shared rooms with strangers; a single contact person appointed by the municipality solved most problems within days.",
                )
            ],
        },
        "uk": {
            "title": "Моніторинг колективного розміщення біженців з України в шести воєводствах",
            "summary": "Ми перевірили, як живуть біженці з України в пунктах колективного розміщення в шести "
            "воєводствах: санітарні умови, приватність, доступ до школи, роботи та медичної допомоги.",
            "pages": [
                (
                    "Підсумок",
                    "Команди моніторингу відвідали сто двадцять об'єктів. Сім'ї часто жили в одній кімнаті з незнайомими людьми; контактна особа від гміни швидко розв'язувала більшість проблем.",
                )
            ],
        },
    },
    {
        "slug": "polska-szkola-pomagania",
        "type": "report",
        "region": "national",
        "authors": "Joanna Malinowska",
        "topics": ["integracja-lokalna", "wspolpraca-samorzad-ngo"],
        "audiences": ["gmina", "ngo"],
        "courses": ["lokalna-polityka-integracyjna"],
        "editions": [("1. wydanie", "2023-11-10", "")],
        "pl": {
            "title": "Polska szkoła pomagania. Jak lokalne społeczności wspierały osoby uchodźcze",
            "summary": "Opowieść o tym, jak sąsiedzi, parafie, kluby sportowe i urzędy gmin zorganizowały pomoc "
            "w pierwszych miesiącach po lutym 2022 roku, co z tej oddolnej pomocy zostało i czego uczy na przyszłość.",
            "pages": [
                (
                    "Pomoc sąsiedzka",
                    "W małych miejscowościach pomoc zaczynała się od jednej kuchni i jednego samochodu. Wolontariusze w ciągu kilku dni tworzyli grafiki dyżurów, zbiórki i tablice ogłoszeń w dwóch językach. Rozmówcy wspominali, że najtrudniejsze było nie zmęczenie, ale poczucie, że nikt nie wie, jak długo to potrwa.",
                ),
                (
                    "Zmęczenie gościnnością",
                    "Po pół roku w wielu społecznościach pojawiło się zmęczenie gościnnością. Tam, gdzie gmina przejęła koordynację, a organizacje pozarządowe dostały stałe finansowanie, wolontariusze mogli odpocząć bez poczucia winy. Polska szkoła pomagania to umiejętność przekazania pałeczki instytucjom we właściwym momencie.",
                ),
            ],
        },
        "en": {
            "title": "The Polish School of Assistance: how local communities supported refugees",
            "summary": "How neighbours, parishes, sports clubs and municipal offices organised help in the first months "
            "after February 2022, what remains of that grassroots help, and what it teaches.",
            "pages": [
                (
                    "Summary",
                    "Help began with one kitchen and one car; hospitality fatigue followed after six months where institutions did not take over coordination.",
                )
            ],
        },
        "uk": {
            "title": "Польська школа допомоги: як місцеві громади підтримували біженців",
            "summary": "Як сусіди, парафії, спортивні клуби та гміни організували допомогу в перші місяці після "
            "лютого 2022 року і чого ця допомога навчає.",
            "pages": [
                (
                    "Підсумок",
                    "Допомога починалася з однієї кухні й одного автомобіля; втома від гостинності з'явилася там, де інституції не взяли на себе координацію.",
                )
            ],
        },
    },
    {
        "slug": "dostep-do-azylu-raport",
        "type": "report",
        "region": "podlaskie",
        "authors": "Piotr Wróbel, Maria Sadowska",
        "topics": ["ochrona-miedzynarodowa"],
        "audiences": ["ngo", "urzad-wojewodzki"],
        "courses": [],
        "editions": [("1. wydanie", "2024-05-08", "")],
        "pl": {
            "title": "Dostęp do procedury azylowej i warunki przyjmowania cudzoziemców. Raport z misji badawczej",
            "summary": "Wyniki misji badawczej na pograniczu: czy osoby proszące o ochronę międzynarodową mogą złożyć "
            "wniosek, jak wyglądają strzeżone ośrodki dla cudzoziemców i gdzie prawo rozmija się z praktyką.",
            "pages": [
                (
                    "Złożenie wniosku",
                    "Rozmówcy opisywali sytuacje, w których prośba o ochronę międzynarodową wypowiedziana przy funkcjonariuszu nie została przyjęta jako wniosek. Bez pełnomocnika i tłumacza wiele osób nie wiedziało, że ma prawo do procedury azylowej.",
                ),
                (
                    "Ośrodki strzeżone",
                    "W ośrodkach strzeżonych przebywały także rodziny z dziećmi i osoby po doświadczeniu przemocy. Zwracamy uwagę na brak regularnej oceny psychologicznej przy przyjęciu, choć przepisy wymagają identyfikacji osób szczególnie wrażliwych.",
                ),
            ],
        },
        "en": {
            "title": "Access to asylum and reception conditions: a fact-finding report",
            "summary": "Findings of a fact-finding mission at the border: whether people asking for international protection "
            "can apply, what guarded centres look like, and where law and practice part ways.",
            "pages": [
                (
                    "Summary",
                    "Requests for protection made to officers were not always registered; vulnerable people were detained without psychological assessment.",
                )
            ],
        },
        "uk": {
            "title": "Доступ до процедури притулку та умови прийому: звіт місії",
            "summary": "Результати дослідницької місії на кордоні: чи можуть люди подати заяву про міжнародний захист "
            "і які умови в охоронюваних центрах для іноземців.",
            "pages": [
                (
                    "Підсумок",
                    "Прохання про захист не завжди реєстрували; вразливих осіб тримали без психологічної оцінки.",
                )
            ],
        },
    },
    {
        "slug": "stanowisko-pakt-o-migracji-i-azylu",
        "type": "position",
        "region": "eu",
        "authors": "Konsorcjum Migracyjne",
        "topics": ["ochrona-miedzynarodowa"],
        "audiences": ["ngo"],
        "courses": [],
        "editions": [("2024-04", "2024-04-12", "")],
        "pl": {
            "title": "Stanowisko w sprawie Paktu o migracji i azylu Unii Europejskiej",
            "summary": "Nasza ocena Paktu o migracji i azylu: procedury graniczne, mechanizm solidarności i to, "
            "co Polska powinna zrobić, wdrażając nowe rozporządzenia, by chronić prawa osób szukających ochrony.",
            "pages": [
                (
                    "Procedury graniczne",
                    "Pakt wprowadza procedury na granicy, w których wnioski rozpatruje się szybciej, często wobec osób pozbawionych wolności. Apelujemy, by wdrożenie przewidywało niezależny monitoring granicy i bezpłatną pomoc prawną od pierwszego dnia.",
                ),
                (
                    "Solidarność",
                    "Mechanizm solidarności pozwala państwom wybrać relokację albo wkład finansowy. Uważamy, że Polska, która przyjęła miliony osób z Ukrainy, powinna zabiegać o uznanie tego wysiłku, a nie odrzucać solidarność jako zasadę.",
                ),
            ],
        },
        "en": {
            "title": "Position on the EU Pact on Migration and Asylum",
            "summary": "Our assessment of the Pact on Migration and Asylum: border procedures, the solidarity mechanism, and "
            "what Poland should do when implementing the new regulations to protect the rights of people seeking protection.",
            "pages": [
                (
                    "Summary",
                    "Border procedures need independent monitoring and free legal aid from day one; solidarity should be recognised, not rejected.",
                )
            ],
        },
        "uk": {
            "title": "Позиція щодо Пакту ЄС про міграцію та притулок",
            "summary": "Наша оцінка Пакту про міграцію та притулок: прикордонні процедури, механізм солідарності та "
            "що Польща має зробити під час впровадження нових регламентів.",
            "pages": [
                (
                    "Підсумок",
                    "Прикордонні процедури потребують незалежного моніторингу та безоплатної правової допомоги.",
                )
            ],
        },
    },
    {
        "slug": "stanowisko-ochrona-czasowa",
        "type": "position",
        "region": "national",
        "authors": "Konsorcjum Migracyjne",
        "topics": ["ochrona-miedzynarodowa", "integracja-lokalna"],
        "audiences": ["gmina", "powiat", "ngo"],
        "courses": ["ochrona-czasowa-ukraina"],
        "editions": [("2025-09", "2025-09-30", "")],
        "pl": {
            "title": "Stanowisko w sprawie zakończenia ochrony czasowej osób z Ukrainy",
            "summary": "Co powinno się stać, zanim wygaśnie ochrona czasowa: ścieżki do zezwoleń na pobyt, "
            "informacja dla osób objętych ochroną i przygotowanie urzędów wojewódzkich na falę wniosków.",
            "pages": [
                (
                    "Przejście na inne zezwolenia",
                    "Proponujemy uproszczone zezwolenie na pobyt czasowy dla osób, które pracują, uczą się lub opiekują dziećmi w Polsce. Bez takiej ścieżki urzędy wojewódzkie otrzymają setki tysięcy wniosków naraz, a ludzie stracą dostęp do pracy i świadczeń.",
                ),
                (
                    "Informacja i czas",
                    "Osoby objęte ochroną czasową muszą dostać jasną informację po ukraińsku co najmniej pół roku przed zmianą przepisów. Gminy i szkoły powinny wiedzieć, jak zmiana wpłynie na dzieci uczące się w polskich szkołach.",
                ),
            ],
        },
        "en": {
            "title": "Position on the end of temporary protection for people from Ukraine",
            "summary": "What should happen before temporary protection ends: routes to residence permits, information for "
            "the people concerned, and voivodeship offices ready for a wave of applications.",
            "pages": [
                (
                    "Summary",
                    "A simplified temporary residence permit for people who work, study or care for children in Poland.",
                )
            ],
        },
        "uk": {
            "title": "Позиція щодо завершення тимчасового захисту для людей з України",
            "summary": "Що має статися до завершення тимчасового захисту: шляхи до дозволів на проживання, інформація "
            "для людей під захистом і готовність воєводських управлінь.",
            "pages": [
                (
                    "Підсумок",
                    "Спрощений дозвіл на тимчасове проживання для тих, хто працює, навчається або доглядає дітей у Польщі.",
                )
            ],
        },
    },
    {
        "slug": "list-otwarty-do-darczyncow",
        "type": "open-letter",
        "region": "national",
        "authors": "Organizacje członkowskie Konsorcjum Migracyjnego",
        "topics": ["wspolpraca-samorzad-ngo"],
        "audiences": ["ngo"],
        "courses": [],
        "editions": [("2023-03", "2023-03-01", "")],
        "pl": {
            "title": "List otwarty do międzynarodowych darczyńców o równym partnerstwie",
            "summary": "Prosimy darczyńców, by traktowali polskie organizacje jako partnerów, a nie podwykonawców: "
            "finansowanie kosztów stałych, udział w decyzjach i wieloletnie umowy.",
            "pages": [
                (
                    "Równe partnerstwo",
                    "Lokalne organizacje jako pierwsze odpowiedziały na kryzys, a dziś często realizują projekty zaprojektowane gdzie indziej. Prosimy o finansowanie kosztów instytucjonalnych, wspólne planowanie działań i raportowanie, które nie pochłania połowy czasu zespołu.",
                ),
            ],
        },
        "en": {
            "title": "Open letter to international donors on equal partnership",
            "summary": "We ask donors to treat Polish organisations as partners, not subcontractors: core funding, a voice "
            "in decisions and multi-year agreements.",
            "pages": [
                (
                    "Letter",
                    "Local organisations responded first; we ask for core costs, joint planning and lighter reporting.",
                )
            ],
        },
        "uk": {
            "title": "Відкритий лист до міжнародних донорів про рівне партнерство",
            "summary": "Ми просимо донорів ставитися до польських організацій як до партнерів, а не субпідрядників.",
            "pages": [
                (
                    "Лист",
                    "Місцеві організації відреагували першими; ми просимо фінансувати інституційні витрати.",
                )
            ],
        },
    },
    {
        "slug": "zarys-lokalnych-polityk-integracyjnych",
        "type": "policy-paper",
        "region": "national",
        "authors": "Tomasz Lis, Ewa Nowicka",
        "topics": ["integracja-lokalna", "wspolpraca-samorzad-ngo"],
        "audiences": ["gmina", "powiat"],
        "courses": ["lokalna-polityka-integracyjna"],
        "editions": [("1. wydanie", "2025-01-20", "")],
        "pl": {
            "title": "Zarys lokalnych polityk integracyjnych",
            "summary": "Praktyczny szkic dla gmin i powiatów: od diagnozy potrzeb przez zespół ds. integracji po "
            "program przyjęty uchwałą rady, z przykładami miast, które już to zrobiły.",
            "pages": [
                (
                    "Diagnoza",
                    "Każda polityka integracyjna zaczyna się od diagnozy: ile osób z doświadczeniem migracji mieszka w gminie, z jakich usług korzysta i czego potrzebuje. Warto połączyć dane z urzędu pracy, szkół i ośrodka pomocy społecznej.",
                ),
                (
                    "Zespół i program",
                    "Zespół ds. integracji powinien łączyć urzędników, organizacje pozarządowe i samych migrantów. Program przyjęty uchwałą rady gminy daje ciągłość, której nie zapewni jednorazowy projekt. Mierniki sukcesu warto ustalić na starcie, na przykład odsetek dzieci w przedszkolach.",
                ),
            ],
        },
        "en": {
            "title": "An outline of local integration policies",
            "summary": "A practical sketch for municipalities and counties: from a needs assessment through an integration "
            "team to a programme adopted by the council, with examples of cities that have done it.",
            "pages": [
                (
                    "Summary",
                    "Start with a needs assessment; build a team with NGOs and migrants; adopt the programme by a council resolution.",
                )
            ],
        },
        "uk": {
            "title": "Нарис місцевої інтеграційної політики",
            "summary": "Практичний нарис для гмін і повітів: від діагностики потреб до програми інтеграції, "
            "ухваленої радою.",
            "pages": [
                (
                    "Підсумок",
                    "Почніть з діагностики потреб; створіть команду з НУО та мігрантами; ухваліть програму рішенням ради.",
                )
            ],
        },
    },
]

NEWS = [
    {
        "slug": "forum-wspolpracy-i-integracji-2026",
        "language": "pl",
        "title": "Forum Współpracy i Integracji 2026: zapisy otwarte",
        "published": "2026-03-02",
        "topics": ["wspolpraca-samorzad-ngo"],
        "body": "Zapraszamy przedstawicieli samorządów i organizacji na doroczne Forum Współpracy i Integracji. "
        "W programie warsztaty o lokalnych strategiach integracji, o pracy z tłumaczami i o finansowaniu działań po "
        "zakończeniu ochrony czasowej.",
    },
]

AUDIENCES = {
    "gmina": "Gmina",
    "powiat": "Powiat",
    "urzad-wojewodzki": "Urząd wojewódzki",
    "ngo": "Organizacja pozarządowa",
}
