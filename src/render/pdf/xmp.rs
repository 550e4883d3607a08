//! The XMP metadata packet (ISO 16684-1) of every PDF: the same title, author, subject,
//! keywords, producer and dates as the Info dictionary, and the claims of PDF/A-2u and
//! PDF/UA-1. PDF/A-2 knows the PDF/UA schema only when the packet describes it, so the
//! packet carries that description (an extension schema) too.

/// What the packet says.
pub struct Facts<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// Comma-separated, as the Info dictionary's `/Keywords`.
    pub keywords: &'a str,
    pub producer: &'a str,
    /// Seconds since the Unix epoch, for the creation and modification dates.
    pub timestamp: i64,
}

pub fn packet(facts: &Facts<'_>) -> String {
    let date = chrono::DateTime::from_timestamp(facts.timestamp, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let mut out = String::with_capacity(2048);
    out.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    out.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    out.push_str("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    out.push_str(concat!(
        "<rdf:Description rdf:about=\"\"",
        " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
        " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"",
        " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
        " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"",
        " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
    ));
    out.push_str("<dc:format>application/pdf</dc:format>\n");
    out.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(facts.title)
    ));
    if !facts.author.trim().is_empty() {
        out.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(facts.author)
        ));
    }
    if !facts.subject.trim().is_empty() {
        out.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(facts.subject)
        ));
    }
    if !facts.keywords.is_empty() {
        out.push_str(&format!(
            "<pdf:Keywords>{}</pdf:Keywords>\n",
            escape(facts.keywords)
        ));
    }
    out.push_str(&format!(
        "<pdf:Producer>{p}</pdf:Producer>\n<xmp:CreatorTool>{p}</xmp:CreatorTool>\n",
        p = escape(facts.producer)
    ));
    out.push_str(&format!(
        "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n"
    ));
    out.push_str("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n");
    out.push_str("<pdfuaid:part>1</pdfuaid:part>\n");
    out.push_str("</rdf:Description>\n");
    out.push_str(PDFUA_SCHEMA);
    out.push_str("</rdf:RDF>\n</x:xmpmeta>\n");
    out.push_str("<?xpacket end=\"w\"?>");
    out
}

/// The PDF/UA identification schema, described for PDF/A (ISO 19005-2, 6.6.2.3).
const PDFUA_SCHEMA: &str = concat!(
    "<rdf:Description rdf:about=\"\"",
    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"",
    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"",
    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n",
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n",
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n",
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n",
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n",
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n",
    "<pdfaProperty:name>part</pdfaProperty:name>\n",
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n",
    "<pdfaProperty:category>internal</pdfaProperty:category>\n",
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n",
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n",
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n",
    "</rdf:Description>\n",
);

/// Text as XML character data: markup characters escaped, and characters XML 1.0 cannot
/// hold (controls) left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_the_title_is_escaped_and_empty_facts_are_left_out() {
        let xmp = packet(&Facts {
            title: "Notice <A & B>",
            author: "",
            subject: "NextGen",
            keywords: "",
            producer: "noticegen",
            timestamp: 0,
        });
        assert!(xmp.contains("Notice &lt;A &amp; B&gt;"));
        assert!(!xmp.contains("dc:creator"));
        assert!(!xmp.contains("pdf:Keywords"));
        assert!(xmp.contains("<xmp:CreateDate>1970-01-01T00:00:00Z</xmp:CreateDate>"));
        assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"));
    }
}
