package render

import (
	"bytes"
	"encoding/xml"
	"html"
	"slices"
	"strings"
	"time"

	"cantiericomuni.it/banca/generator/site"
)

// rss is an RSS 2.0 document with the Atom self link.
//
// Feed readers read an item's description, and in practice its title,
// author and categories, as HTML: every text field is escaped as HTML
// text (feedText) before encoding/xml escapes it once more as XML, so that
// a summary "<img src=x onerror=…>" reaches the reader as those
// characters, never as a tag.
type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	Self        atomLink  `xml:"atom:link"`
	Items       []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creators    []string `xml:"dc:creator"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description,omitempty"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// feed is the job of the RSS feed at <url>index.xml: the newest pages by
// date, at most feedSize.
func (rn *run) feed(url, title, description string, pages []*site.Page) job {
	return job{file: strings.TrimPrefix(url, "/") + "index.xml", key: rn.listKey("feed", url, pages, title, description), write: func(buf *bytes.Buffer) error {
		if description == "" {
			description = title
		}
		doc := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", DC: "http://purl.org/dc/elements/1.1/", Channel: rssChannel{
			Title: feedText(title), Link: rn.abs(url), Description: feedText(description), Language: "it-IT",
			Self: atomLink{Href: rn.abs(url + "index.xml"), Rel: "self", Type: "application/rss+xml"},
		}}
		for _, p := range rn.newest(pages, feedSize) {
			e := rn.entry(p)
			item := rssItem{
				Title: feedText(p.Title), Link: e.AbsURL, GUID: rssGUID{IsPermaLink: true, Value: e.AbsURL},
				PubDate: p.Date.In(rn.loc).Format(time.RFC1123Z), Description: feedText(p.Summary),
			}
			for _, a := range p.Authors {
				item.Creators = append(item.Creators, feedText(a))
			}
			for _, g := range p.Terms {
				for _, t := range g.Terms {
					// A name shared by two taxonomies (the territorio
					// and the cantiere Ferrara) is one category.
					if c := feedText(t.Name); !slices.Contains(item.Categories, c) {
						item.Categories = append(item.Categories, c)
					}
				}
			}
			doc.Channel.Items = append(doc.Channel.Items, item)
		}
		return writeXML(buf, doc)
	}}
}

// feedText prepares a plain text for a feed field that readers take as
// HTML: escaped as HTML text, with the characters XML cannot carry (C0
// controls but tab and newline, lone surrogates' stand-ins, U+FFFE and
// U+FFFF) and those it discourages (DEL and the C1 controls) left out.
// encoding/xml then escapes the result as XML.
func feedText(s string) string {
	return html.EscapeString(strings.Map(func(r rune) rune {
		if r < ' ' && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s))
}

// writeXML writes the XML declaration and v, indented, with a final newline.
func writeXML(buf *bytes.Buffer, v any) error {
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	buf.WriteByte('\n')
	return nil
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	Xmlns   string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

// sitemap is the job of sitemap.xml, listing every HTML page among jobs.
func (rn *run) sitemap(jobs []job) job {
	var key uint64
	if rn.keys {
		k := rn.newKeyer("sitemap", "/")
		for _, j := range jobs {
			if j.url != "" {
				k.str(j.url).str(j.lastmod)
			}
		}
		key = k.sum()
	}
	return job{file: "sitemap.xml", key: key, write: func(buf *bytes.Buffer) error {
		doc := urlset{Xmlns: "http://www.sitemaps.org/schemas/sitemap/0.9"}
		doc.URLs = make([]sitemapURL, 0, len(jobs))
		for _, j := range jobs {
			if j.url != "" {
				doc.URLs = append(doc.URLs, sitemapURL{Loc: rn.abs(j.url), Lastmod: j.lastmod})
			}
		}
		return writeXML(buf, doc)
	}}
}

// robots is the job of robots.txt: everything may be crawled.
func (rn *run) robots() job {
	return job{file: "robots.txt", write: func(buf *bytes.Buffer) error {
		buf.WriteString("User-agent: *\nAllow: /\n\nSitemap: ")
		buf.WriteString(rn.abs("/sitemap.xml"))
		buf.WriteByte('\n')
		return nil
	}}
}

// redirects is the job of _redirects (Netlify's format): one permanent
// redirect per alias, sorted by the old address.
func (rn *run) redirects() job {
	return job{file: "_redirects", write: func(buf *bytes.Buffer) error {
		rs := slices.Clone(rn.s.Redirects)
		slices.SortStableFunc(rs, func(a, b site.Redirect) int { return strings.Compare(a.From, b.From) })
		for _, r := range rs {
			buf.WriteString(r.From)
			buf.WriteByte(' ')
			buf.WriteString(r.To)
			buf.WriteString(" 301\n")
		}
		return nil
	}}
}
