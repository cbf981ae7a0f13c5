// Package content reads the content/ folder of a site into typed values: a
// [Site] from content/site.yaml, a [Brief] per brief and a [Profile] per
// actor, country or topic profile. It validates every value at this
// boundary and reports each problem as a diag.Diagnostic at file:line:col;
// finding the front matter and parsing its syntax is package frontmatter's
// work, deciding what the keys mean is this package's. It does no I/O but
// through the fs.FS it is given.
//
// # Files
//
//	content/site.yaml              the site settings: a YAML document (no --- lines)
//	content/briefs/**/*.md         a brief, in any sub-folder
//	content/actors/<slug>.md       an actor's profile (no sub-folders)
//	content/actors/<slug>/index.md the same, as a folder with files beside it
//	content/countries/<slug>.md    a country's profile (likewise a folder)
//	content/topics/<slug>.md       a topic's profile (likewise a folder)
//
// A brief or profile whose file is index.md takes its slug from its folder,
// and the other files of that folder and the folders below it are its
// [Attachment]s, published beside its page; a file under content/briefs/
// that no folder with an index.md holds is an error.
//
// [Classify] tells them apart by path. Names [Ignored] reports (editor and
// system noise) are skipped, folders included; any other file is an error.
// A file must be non-empty UTF-8 text without NUL bytes; a byte-order mark
// is dropped. A .md file starts with front matter in YAML (---), TOML (+++)
// or JSON (;;; or a bare object; see package frontmatter); the markdown body
// after it is kept raw, with the line it starts on.
//
// # Values
//
// The schema below names a type for every key:
//
//   - text: a single value, trimmed; a key with no value is empty text.
//   - flag: true, false, yes or no, in any case; no value is false.
//   - date: 2006-01-02 (midnight UTC), RFC 3339 (2006-01-02T15:04:05Z07:00),
//     2006-01-02T15:04:05, 2006-01-02 15:04:05 or 2006-01-02 15:04:05Z07:00;
//     an impossible day or hour is named in the error ([ParseDate]).
//   - names: a list of names, or a single name read as a one-item list; each
//     name has its runs of white space made one space ([Collapse]), and must
//     not be empty. Names are matched to entities ignoring case, by package
//     site.
//   - a list of mappings: a single mapping written without the list dash is
//     read as a one-item list.
//
// A key the kind does not have is a warning with a did-you-mean; a key given
// twice, or a value of the wrong type, is an error.
//
// # content/site.yaml
//
//	title        text, required    the site's name
//	description  text              one sentence for the home page and meta descriptions
//	base_url     text, default /   an absolute http(s) URL without query or fragment,
//	                               or a path starting with /; always given a final /
//	language     text, default en  the lang of every page
//	unsafe_html  flag              pass raw HTML in markdown through
//	image        text              the default og:image, as a brief's image
//	paginate     number, default 50 briefs per page of an entity's list (the
//	                               timeline pages hold twice as many entries,
//	                               the indexes three times as many entities)
//
// Without site.yaml, or with one that cannot be read, the rest of the content
// is still checked against the defaults (title "Sitrep").
//
// # Briefs
//
//	title      text, required, not empty  Brief.Title
//	date       date, required             Brief.Date, the day the brief is about
//	summary    text                       Brief.Summary; empty means the first paragraph
//	actors     names                      Brief.Refs[Actor]
//	countries  names                      Brief.Refs[Country]
//	topics     names                      Brief.Refs[Topic]
//	sources    list of mappings           Brief.Sources, each a Source:
//	  id       text, required             letters, digits, '-', '_', '.', ':'; unique in
//	                                      the brief; citations [@id] use it
//	  name     text                       defaults to the id
//	  url      text                       an absolute http or https URL with a host
//	  date     date
//	  note     text
//	events     list of mappings           Brief.Events, each an Event:
//	  date     date, required
//	  title    text, required
//	draft      flag                       Brief.Draft; drafts are built only on request
//	updated    date                       Brief.Updated; a warning if before date
//	slug       text                       Brief.Slug, made by ParseSlug; default: the
//	                                      file name without .md (the folder's for index.md)
//	image      text                       Brief.Image: a file of the brief's folder or of
//	                                      the site (/static/x.png), or a URL; og:image
//
// # Profiles
//
// Every kind of profile has:
//
//	name     text, required  Profile.Name, the canonical name (white space collapsed)
//	aliases  names           Profile.Aliases: other names briefs may use
//	summary  text            Profile.Summary
//	image    text            Profile.Image, as a brief's image
//
// An actor's profile (content/actors) may also have:
//
//	role     text            Profile.Role, e.g. Supreme Leader of Iran
//	country  names, one      Profile.Country: the country the actor belongs to
//	type     text            Profile.Type: person (the default) or organization
//	                         (organisation is accepted), in any case
//
// A country's profile (content/countries) may also have:
//
//	code     text            Profile.Code, the ISO 3166 code, upper-cased
//
// A topic's profile (content/topics) has no other key. A profile's slug is
// its file name without .md, made by [ParseSlug].
//
// # Loading
//
// [Load] reads everything at once, in parallel, into a [Corpus]; an
// incremental rebuild uses its parts: [Files] lists the files, [ReadFile] or
// [ParseFile] parses one into a [File], and [Assemble] makes the corpus.
// The diagnostics of a pass come back together; a corpus with errors must
// not be published. Every position is kept inside the file it names.
package content
