package diag

// Code identifies a kind of problem. Codes are stable: once published in the
// authoring guide they are never renumbered or reused.
type Code string

// Info documents a Code: a short Italian title, what it means, a generic fix
// and an example of content that triggers it. The authoring guide is
// generated from this table, so it cannot drift from the code.
type Info struct {
	Code    Code
	Title   string
	Meaning string
	Fix     string
	Example string
}

// The diagnostic codes. File-level problems are B0xx, front matter B1xx,
// Markdown body B2xx, site-wide problems B3xx.
const (
	FileUnreadable      Code = "B001"
	FileTooLarge        Code = "B002"
	FileNotUTF8         Code = "B003"
	FileOutsideSection  Code = "B004"
	AttachmentType      Code = "B005"
	AttachmentUnsafe    Code = "B006"
	FrontMatterMissing  Code = "B101"
	FrontMatterUnclosed Code = "B102"
	FrontMatterSyntax   Code = "B103"
	FieldRequired       Code = "B104"
	FieldType           Code = "B105"
	FieldDate           Code = "B106"
	FieldValue          Code = "B107"
	FieldUnknown        Code = "B108"
	FieldURL            Code = "B109"
	SlugInvalid         Code = "B110"
	AliasInvalid        Code = "B111"
	CantiereUnknown     Code = "B112"
	FieldDuplicateKey   Code = "B113"
	PlaceholderLeft     Code = "B114"
	DateOrder           Code = "B115"
	FieldEmail          Code = "B116"
	FieldPhone          Code = "B117"
	ContactSuspect      Code = "B118"
	DateFuture          Code = "B120"
	DateMidnight        Code = "B121"
	FieldTooLong        Code = "B130"
	ReferenceUnknown    Code = "B140"
	ReferenceNear       Code = "B141"
	ReferenceAmbiguous  Code = "B142"
	PersonalData        Code = "B150"
	SynonymsInvalid     Code = "B160"
	LinkBroken          Code = "B201"
	FileLinkBroken      Code = "B202"
	ImageNoAlt          Code = "B203"
	LinkUnsafe          Code = "B204"
	RawHTML             Code = "B205"
	BlockTooLong        Code = "B206"
	LinkUnclosed        Code = "B207"
	NestingTooDeep      Code = "B208"
	FootnotesTooMany    Code = "B209"
	TableTooLarge       Code = "B210"
	LinkRepeated        Code = "B211"
	URLDuplicate        Code = "B301"
	AliasConflict       Code = "B302"
	SlugReserved        Code = "B303"
	AliasReserved       Code = "B304"
	FileOverGenerated   Code = "B305"
	SchemaInvalid       Code = "B901"
	LayoutInvalid       Code = "B902"
	LayoutExec          Code = "B903"
)

// Codes lists every code in documentation order.
var Codes = []Info{
	{FileUnreadable, "File illeggibile", "Il file non si può leggere dal disco.", "Controlla che il file esista e che tu abbia i permessi per leggerlo; se è un collegamento simbolico, mettici al suo posto una copia del file vero.", "content/pratiche/orti.md   # un collegamento simbolico a un altro file, o un file che non hai il permesso di leggere"},
	{FileTooLarge, "File troppo grande", "Il file supera la dimensione massima ammessa per una pagina (2 MB).", "Dividi il contenuto in più pagine o sposta i documenti lunghi in un allegato (PDF) accanto a un file index.md.", "content/risorse/verbale.md   # 3,4 MB: un verbale intero incollato nella pagina"},
	{FileNotUTF8, "Codifica non valida", "Il file contiene caratteri che non sono UTF-8 valido (spesso succede incollando da Word o salvando in \"Latin-1\").", "Salva il file con codifica UTF-8 (nell'editor: \"Salva con codifica\" → UTF-8) e ricontrolla le lettere accentate.", "title: \"Attivit\uFFFD estive\"   # file salvato in Windows-1252: la «à» non è UTF-8"},
	{FileOutsideSection, "File fuori da una sezione", "Le pagine devono stare in una cartella di sezione (opportunita, protocolli, pratiche, risorse, cantieri).", "Sposta il file in content/<sezione>/.", "content/bando.md"},
	{AttachmentType, "Tipo di allegato non ammesso", "Accanto alle pagine si possono mettere solo immagini, documenti e file audio o video di tipi comuni: altri file (per esempio .html o .js) potrebbero eseguire codice nel sito.", "Usa un formato ammesso (jpg, png, webp, gif, svg, pdf, odt, docx, xlsx, pptx, csv, txt, zip, mp3, mp4…) o metti il file su un altro sito e collegalo.", "content/pratiche/orti/pagina.html"},
	{AttachmentUnsafe, "Immagine SVG con codice", "L'immagine SVG contiene codice (script, gestori di eventi o contenuti incorporati) che potrebbe essere eseguito da chi la apre.", "Esporta di nuovo l'immagine come SVG semplice (in Inkscape: \"SVG ottimizzato\") oppure come PNG.", "<svg><script>…</script></svg>"},
	{FrontMatterMissing, "Intestazione mancante", "Il file non inizia con l'intestazione (front matter) tra righe --- (YAML) o +++ (TOML).", "Aggiungi in cima al file una riga ---, i campi (title, date, …) e un'altra riga ---.", "# Titolo\n\nTesto senza intestazione"},
	{FrontMatterUnclosed, "Intestazione non chiusa", "L'intestazione si apre con --- (o +++) ma non si chiude.", "Aggiungi la riga di chiusura --- (o +++) dopo l'ultimo campo, prima del testo.", "---\ntitle: \"Bando\"\n\nTesto"},
	{FrontMatterSyntax, "Intestazione scritta male", "L'intestazione non si riesce a leggere: di solito mancano i due punti, le virgolette sono aperte o il rientro di una lista è sbagliato.", "Controlla la riga indicata: ogni campo è \"nome: valore\", i testi con i due punti vanno tra virgolette, le voci di una lista iniziano con \"  - \".", "title: Bando: scadenza"},
	{FieldRequired, "Campo obbligatorio mancante", "Manca un campo che questo tipo di pagina deve avere.", "Aggiungi il campo nell'intestazione.", "---\ntitle: \"Bando estate 2027\"\ndate: 2026-05-04\n---   # in content/opportunita/ manca «ente», chi offre l'opportunità"},
	{FieldType, "Tipo di valore sbagliato", "Il campo ha un valore del tipo sbagliato (per esempio un testo dove serve una lista).", "Scrivi il valore nella forma indicata.", "authors: Maria Rossi   # serve una lista: [\"Maria Rossi\"]"},
	{FieldDate, "Data non valida", "La data non esiste o non è scritta come AAAA-MM-GG.", "Scrivi la data come AAAA-MM-GG (per esempio 2026-03-31), eventualmente con l'ora: 2026-03-31T12:00:00+01:00.", "date: 31/03/2026"},
	{FieldValue, "Valore non ammesso", "Il valore non è tra quelli ammessi dall'elenco del campo.", "Usa uno dei valori ammessi, scritto esattamente così (accenti compresi).", "argomenti: [\"poverta educativa\"]"},
	{FieldUnknown, "Campo sconosciuto", "Il campo non è previsto per questo tipo di pagina, quindi viene ignorato: spesso è un errore di battitura.", "Correggi il nome del campo o toglilo.", "titel: \"Bando\""},
	{FieldURL, "Indirizzo web non valido", "Il campo deve contenere un indirizzo web completo che inizia con https:// (o http://).", "Copia l'indirizzo dalla barra del browser, compreso https://.", "link: www.comune.bologna.it"},
	{SlugInvalid, "Slug non valido", "Lo slug (la parte finale dell'indirizzo della pagina) può contenere solo lettere minuscole senza accenti, cifre e trattini.", "Scrivi lo slug in minuscolo, con i trattini al posto degli spazi (per esempio orti-condivisi).", "slug: \"Orti Condivisi!\""},
	{AliasInvalid, "Vecchio indirizzo non valido", "Un alias deve essere un percorso del sito che inizia con /, senza il nome del sito, «?», «#», «..» o caratteri speciali come «:» e «*».", "Scrivi l'alias come /vecchia-sezione/vecchia-pagina/.", "aliases: [\"../pagina\"]"},
	{CantiereUnknown, "Cantiere sconosciuto", "Il cantiere indicato non corrisponde a nessuna pagina in content/cantieri/.", "Usa lo slug di uno dei cantieri esistenti (il nome del file senza .md).", "cantieri: [\"bologna\"]"},
	{FieldDuplicateKey, "Campo ripetuto", "Lo stesso campo compare due volte nell'intestazione.", "Tieni una sola riga per campo: unisci i valori in una lista se servono più valori.", "argomenti: [\"giovani\"]\nargomenti: [\"scuola\"]   # meglio: argomenti: [\"giovani\", \"scuola\"]"},
	{PlaceholderLeft, "Segnaposto da compilare", "La scheda non è una bozza ma contiene ancora «DA COMPILARE»: è il segnaposto che «go run ./generator new» mette nei campi obbligatori e nel testo, e la scheda andrebbe online a metà.", "Scrivi al posto di «DA COMPILARE» il valore vero (e togli il commento che lo accompagna), oppure lascia «draft: true» finché la scheda non è pronta.", "draft: false\nente: \"DA COMPILARE\""},
	{DateOrder, "Date in ordine sbagliato", "Una data viene prima di un'altra da cui dovrebbe seguire: una scadenza prima della data di pubblicazione (l'opportunità andrebbe online già scaduta), un aggiornamento prima della pubblicazione. È un avviso: il sito si costruisce lo stesso.", "Controlla le due date: spesso è sbagliato l'anno o sono state scambiate.", "date: 2026-05-04\ndeadline: 2026-04-30   # l'opportunità andrebbe online già scaduta"},
	{FieldEmail, "Indirizzo e-mail non valido", "Il campo deve contenere un indirizzo e-mail, che nel sito diventa un collegamento per scrivere: così com'è non funzionerebbe.", "Scrivi un solo indirizzo nella forma nome@dominio.it, senza spazi né altre parole (per esempio segreteria@comune.bologna.it).", "email: \"segreteria chiocciola comune.bologna.it\""},
	{FieldPhone, "Numero di telefono non valido", "Il campo deve contenere un numero di telefono, che nel sito diventa un collegamento per chiamare: così com'è non ha la forma di un numero italiano (fisso con il prefisso, 051…; cellulare di 10 cifre, 3…; numero verde, 800…) o internazionale (+ e il prefisso del paese).", "Scrivi un solo numero, con il prefisso, usando solo cifre, spazi, punti, trattini o barre: 051 6219201, +39 051 6219201, 338 123 4567. Orari e note vanno in un altro campo.", "telefono: \"051 62192\"   # mancano cifre"},
	{ContactSuspect, "Contatto scritto male", "Nel testo dei contatti c'è qualcosa che sembra un indirizzo e-mail o un numero di telefono, ma non è valido: resta testo normale invece di diventare un collegamento.", "Correggi l'indirizzo (nome@dominio.it) o il numero (051 6219201, 338 123 4567) nel punto indicato.", "contatti: \"Scrivere a info@associazione (tel. 051 62)\""},
	{DateFuture, "Data lontana nel futuro", "La data è fra più di un mese, ma indica qualcosa che di solito è già successo (la pubblicazione, la firma di un protocollo): spesso è un errore di battitura nell'anno. È un avviso: il sito si costruisce lo stesso.", "Controlla l'anno; se la data è giusta, puoi lasciarla.", "data_firma: 2062-03-15   # forse 2026-03-15?"},
	{DateMidnight, "Scadenza a mezzanotte", "La scadenza ha l'ora 00:00, cioè la mezzanotte con cui il giorno comincia: l'opportunità risulterebbe chiusa dall'inizio di quel giorno, un giorno prima di quanto si legge di solito in un bando («entro il 15»). Succede quando nel pannello si sceglie il giorno e si lascia l'ora com'è. È un avviso: il sito si costruisce lo stesso.", "Se l'opportunità chiude alla fine di quel giorno, togli l'ora (scrivi solo la data) o scegli 23:59; se chiude davvero a mezzanotte, indica il giorno prima alle 23:59.", "deadline: 2026-12-15T00:00   # chiude all'inizio del 15: forse 2026-12-15?"},
	{FieldTooLong, "Valore troppo lungo", "Un campo dell'intestazione è molto più lungo di quanto serve (un titolo, un ente o una voce di lista hanno al massimo 300 caratteri, il sommario 600, un altro paragrafo 4.000), o una lista ha più di 100 voci. Questi valori si ripetono in ogni elenco, feed e risultato di ricerca che mostra la pagina: un valore enorme appesantirebbe tutto il sito.", "Accorcia il valore, o la lista: i dettagli vanno nel testo della pagina, sotto l'intestazione.", "title: \"Bando … (un intero documento incollato nel titolo, 5.000 caratteri)\""},
	{ReferenceUnknown, "Riferimento a una pagina inesistente", "Il campo rimanda a un'altra pagina del sito (per esempio un ente), ma il valore non corrisponde a nessuna pagina delle sezioni ammesse: né al nome del suo file, né al suo titolo, né alla sua sigla quando il campo li confronta. Maiuscole, accenti, apostrofi e spazi non contano. Una pagina che è ancora una bozza non conta.", "Scrivi il nome del file della pagina (senza .md), oppure il suo titolo o la sua sigla come compaiono sulla pagina; se la pagina non c'è ancora, creala. Quando i valori possibili sono pagine di più sezioni, puoi scrivere sezione/nome-file.", "partecipanti: [\"Cooperativa Cadiai\", \"Comune di Imolaa\"]   # nessun ente si chiama così: forse «Comune di Imola»?"},
	{ReferenceNear, "Riferimento simile a una pagina", "Il campo può rimandare a un'altra pagina del sito o restare testo libero: il valore non corrisponde a nessuna pagina, ma somiglia molto al nome di una, quindi forse è un errore di battitura. È un avviso: il valore resta testo, senza collegamento.", "Se intendevi quella pagina, scrivi il suo nome come suggerito, e il valore diventerà un collegamento; altrimenti lascialo com'è.", "luogo: \"Aula studio difusa\"   # forse «Aula studio diffusa»?"},
	{ReferenceAmbiguous, "Riferimento ambiguo", "Il valore corrisponde a più di una pagina (per esempio due enti con la stessa sigla, o pagine di due sezioni con lo stesso nome di file): non si sa a quale rimandare.", "Scrivi il nome del file della pagina che intendi (senza .md), o sezione/nome-file, che sono unici.", "promotore: \"ASP\"   # due enti hanno la sigla ASP"},
	{PersonalData, "Dato personale", "Nelle schede di alcune sezioni (i verbali e i bisogni, che parlano di persone e finiscono in rete) il testo o un campo di testo contiene un numero di telefono, l'indirizzo e-mail di una persona o un codice fiscale. Un indirizzo è di una persona quando la parte prima della @ è fatta di due o tre parole di sole lettere unite da un punto, un trattino o un trattino basso (nome.cognome, n.cognome), nessuna delle quali è una parola da ufficio (info, segreteria, amministrazione, ufficio, …) o il nome del dominio: info@comune.bologna.it e segreteria@… vanno bene. Un codice fiscale è una parola di 16 lettere e cifre nella sua forma, con il carattere di controllo giusto. Date e importi non sono numeri di telefono. È un avviso: il sito si costruisce lo stesso, ma il dato andrebbe online.", "Togli il dato e scrivi il nome dell'ente: i recapiti stanno nella scheda dell'ente, nel campo «Contatti», e sono quelli dell'ente (il centralino, la segreteria, info@…), non di una persona. Il codice fiscale sul sito non serve.", "azioni:\n  - cosa: Chiamare Mario Rossi al 338 123 4567   # nella scheda di un verbale"},
	{SynonymsInvalid, "Sinonimi scritti male", "Il file dei sinonimi della ricerca (content/sinonimi.yaml) non si riesce a leggere o ha un gruppo che la ricerca non può usare: una riga con una parola sola, una virgola di troppo, una parola fatta solo di articoli e preposizioni, la stessa parola due volte nel gruppo o in due gruppi. Finché non è corretto la ricerca non usa nessun sinonimo, e il sito non si costruisce.", "Correggi la riga indicata: ogni gruppo è una riga che inizia con «  - » e dice, separate da virgole, almeno due parole o espressioni che vogliono dire la stessa cosa; ogni parola sta in un gruppo solo.", "gruppi:\n  - doposcuola, aiuto compiti\n  - bando,   # una parola sola: con che cosa si scambia?"},
	{LinkBroken, "Collegamento a una pagina inesistente", "Il collegamento punta a una pagina del sito che non esiste (o che è una bozza).", "Controlla il nome del file o l'indirizzo: per collegare una pagina scrivi ../sezione/nome-file.md oppure /sezione/nome-file/.", "[vedi](../pratiche/orti.md)"},
	{FileLinkBroken, "File o immagine inesistente", "Il collegamento o l'immagine punta a un file che non c'è né accanto alla pagina né in static/.", "Metti il file accanto a index.md (pagina-cartella) o in static/, e controlla maiuscole e minuscole nel nome.", "![foto](foto-mancante.jpg)"},
	{ImageNoAlt, "Immagine senza testo alternativo", "Chi usa un lettore di schermo non può sapere cosa mostra l'immagine.", "Scrivi tra le parentesi quadre una breve descrizione dell'immagine: ![Bambini al laboratorio di pittura](foto.jpg).", "![](foto.jpg)"},
	{LinkUnsafe, "Collegamento non sicuro", "Il collegamento usa uno schema non permesso (per esempio javascript:) ed è stato disattivato.", "Usa solo collegamenti https://, http://, mailto:, tel: o pagine del sito.", "[clicca](javascript:alert(1))"},
	{RawHTML, "HTML non ammesso", "Il testo contiene codice HTML: per sicurezza viene mostrato come testo e non interpretato.", "Usa la sintassi Markdown al posto dell'HTML (per esempio **grassetto** invece di <b>grassetto</b>; una riga vuota invece di <br>).", "<b>Importante</b>"},
	{BlockTooLong, "Paragrafo troppo lungo", "Un blocco di testo senza righe vuote supera i 64 KB: di solito è un documento incollato per intero, e rallenterebbe la costruzione del sito.", "Dividi il testo in paragrafi con righe vuote, o metti il documento in un allegato (PDF) accanto a index.md.", "Un regolamento di 40 pagine incollato dal PDF, 70.000 caratteri senza una riga vuota"},
	{LinkUnclosed, "Collegamento non chiuso", "Dopo «](» inizia l'indirizzo di un collegamento, ma la parentesi «)» che lo chiude non arriva entro 4.096 caratteri (o il paragrafo ne contiene migliaia così): per non rallentare il sito, quel collegamento è mostrato come testo.", "Chiudi ogni collegamento con la parentesi tonda: [testo](indirizzo). Se «](» fa parte del testo e non è un collegamento, metti uno spazio tra «]» e «(».", "[il documento](https://www.esempio.it/dati?elenco=…   # seguito da 5.000 caratteri senza spazi né «)»"},
	{NestingTooDeep, "Troppi livelli annidati", "Una riga apre più di 16 citazioni («>») o elenchi («-», «1.») uno dentro l'altro: oltre il sedicesimo livello la riga è mostrata come testo, per non rallentare il sito.", "Usa pochi livelli di rientro: un elenco lungo non ha bisogno di stare dentro altri elenchi. Se quei segni fanno parte del testo, non metterli a inizio riga.", "> > > > > > > > > > > > > > > > > testo citato diciassette volte"},
	{FootnotesTooMany, "Troppe note", "La pagina ha così tante note e richiami di nota che collegarli rallenterebbe il sito: i richiami oltre il limite (2 milioni di confronti tra richiami e note) sono mostrati come testo.", "Tieni le note a qualche centinaio per pagina, o dividi il testo in più pagine; per citare molte fonti usa un elenco di collegamenti.", "Testo[^1] … e altri 5.000 richiami, con 1.000 note in fondo alla pagina"},
	{TableTooLarge, "Tabella con troppe celle", "Le tabelle della pagina avrebbero centinaia di migliaia di celle, quasi tutte vuote: una riga che ha meno celle dell'intestazione viene completata con celle vuote, e un'intestazione di migliaia di colonne su migliaia di righe corte rallenterebbe il sito. Oltre il limite (metà dei caratteri della pagina, più 65.536 celle) la tabella è mostrata come testo.", "Dai alla tabella le colonne che servono davvero (qualche decina al massimo); per dati molto ampi allega un foglio di calcolo (.xlsx, .ods o .csv) accanto alla pagina.", "| a | a | a | … 5.000 colonne |\n|---|---|---| … |\nriga corta\nriga corta   # e altre migliaia di righe"},
	{LinkRepeated, "Collegamento ripetuto troppe volte", "Un collegamento con riferimento ([testo][nome], con «[nome]: indirizzo» altrove) ripete l'indirizzo e il titolo del riferimento ogni volta che compare: con un indirizzo lunghissimo usato migliaia di volte la pagina diventerebbe enorme. Oltre il limite (circa il doppio dei caratteri della pagina, contando gli indirizzi e i titoli di tutti i collegamenti) i collegamenti sono mostrati come testo.", "Accorcia l'indirizzo o il titolo del riferimento, o collegalo meno volte: di solito basta una volta per paragrafo.", "[r]: https://www.esempio.it/… (60.000 caratteri)\n\n[a][r] [a][r] [a][r] … ripetuto 15.000 volte"},
	{URLDuplicate, "Indirizzo duplicato", "Due pagine avrebbero lo stesso indirizzo nel sito.", "Cambia il nome di uno dei due file, o il suo campo slug.", "content/pratiche/orti-condivisi.md\ncontent/pratiche/orti-condivisi/index.md   # tutte e due: /pratiche/orti-condivisi/"},
	{AliasConflict, "Alias in conflitto", "Un alias coincide con un indirizzo che il sito usa già (una pagina, un elenco, un feed, un file) o con l'alias di un'altra pagina, anche se scritto con maiuscole, %-codifiche o / diverse: il reindirizzamento renderebbe irraggiungibile quell'indirizzo.", "Togli l'alias o cambialo.", "aliases: [\"/Pratiche/Orti-Condivisi\"]   # è l'indirizzo di un'altra scheda"},
	{SlugReserved, "Indirizzo riservato", "Il nome del file (o il campo slug) darebbe alla pagina un indirizzo che il sito usa già: per un elenco (le pagine successive, page; le opportunità aperte, aperte; quelle dalle più recenti, recenti; un filtro della sezione, per esempio tipo), per un file o per una funzione del sito (per esempio /cerca/). Le pagine del sito (content/pagine/), che stanno alla radice, non possono prendere l'indirizzo di una sezione, di una classificazione o di una parte del sito come cerca, api, admin, css, js e img.", "Rinomina il file o cambia il suo campo slug.", "content/opportunita/aperte.md\ncontent/pagine/cerca.md   # /cerca/ è la pagina di ricerca"},
	{AliasReserved, "Vecchio indirizzo riservato", "L'alias è un indirizzo che il sito tiene per sé (la ricerca /cerca/ e /api/, il pannello /admin/, i fogli di stile /css/, gli script /js/, le immagini /img/ e gli altri file di static/): il reindirizzamento lo toglierebbe a tutti.", "Togli l'alias, o scrivi il vecchio indirizzo vero della pagina.", "aliases: [\"/api/search\"]   # la ricerca smetterebbe di funzionare"},
	{FileOverGenerated, "File al posto di una pagina", "Un file di static/ o un allegato avrebbe lo stesso indirizzo di un file che il sito genera (una pagina, un elenco, un feed): uno dei due sparirebbe.", "Rinomina il file o spostalo in un'altra cartella.", "static/opportunita/index.xml   # è il feed RSS delle opportunità"},
	{SchemaInvalid, "Schema non valido", "Il file dello schema (schema.yaml) contiene un errore.", "Correggi schema.yaml nel punto indicato.", "      - key: scadenza\n        type: data   # i tipi sono string, text, url, date, datetime, bool, int, list"},
	{LayoutInvalid, "Modello di pagina non valido", "Un file in layouts/ non si riesce a leggere o a usare.", "Correggi il modello nel punto indicato.", "<h1>{{ .Title }</h1>   # in layouts/page.html: manca una parentesi graffa"},
	{LayoutExec, "Modello di pagina che non funziona", "Un file in layouts/ si legge ma si ferma mentre genera una pagina: usa un campo che non esiste, legge un valore vuoto o dà a una funzione un argomento sbagliato. Il messaggio dice la riga del modello e la pagina che stava generando; non viene scritto niente.", "Correggi il modello nel punto indicato: il messaggio suggerisce come.", "{{ .Entry.Titolo }}   # in layouts/page.html: il campo si chiama .Entry.Title"},
}

var infoByCode = func() map[Code]Info {
	m := make(map[Code]Info, len(Codes))
	for _, i := range Codes {
		m[i.Code] = i
	}
	return m
}()

// Info returns the documentation of c (an empty Info for an unknown code).
func (c Code) Info() Info { return infoByCode[c] }
