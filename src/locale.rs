//! The book's own words, one table per language: the furniture both
//! writers print around the issues (Contents/目录, Preface/前言, Source/来源,
//! the labels of the navigation and of placeholders) and the way a date
//! is written.
//!
//! The writers never spell these words themselves: they ask
//! [`Locale::for_language`] with the book's language, so a new language is
//! one more table here. A language without a table gets the English one.

use crate::model::{edition_key, IssueId};

/// How a date is written where the book shows one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// As stored: `2026-11-30`.
    Iso,
    /// Day, month name and year: `30 November 2026`.
    DayMonthYear,
    /// Year, month and day with the Chinese unit characters:
    /// `2026年11月30日`.
    Chinese,
}

/// The words of the book in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locale {
    /// The primary language subtag this table is for (`en`, `zh`).
    pub language: &'static str,
    /// The heading of the table of contents.
    pub contents: &'static str,
    /// The heading of the preface (the series intro).
    pub preface: &'static str,
    /// The label of the cover in the navigation.
    pub cover: &'static str,
    /// The label of the title page in the navigation.
    pub title_page: &'static str,
    /// What stands before an article's source links, space included.
    pub source_label: &'static str,
    /// The name of the landmarks navigation, for assistive technology.
    pub landmarks: &'static str,
    /// The name of the page list navigation, for assistive technology.
    pub pages: &'static str,
    /// An image without a description, in an alt text.
    pub image: &'static str,
    /// A placeholder of an image without a description.
    pub image_without_description: &'static str,
    /// A drawn diagram without labels, in an alt text.
    pub diagram: &'static str,
    /// The caption of a Mermaid diagram shown as its source.
    pub mermaid_source: &'static str,
    /// A diagram drawn with characters, in the PDF's alternative text,
    /// before the drawing's own text.
    pub drawing: &'static str,
    /// The print edition, when the book has no title to name it by.
    pub print_edition: &'static str,
    /// What a non-default edition adds to the series title by default
    /// ("EnqueueZero Techshack 2019 中文版").
    pub edition_name: &'static str,
    /// How the title page writes the book's date.
    pub title_date: DateStyle,
    /// How [`Locale::long_date`] writes a date.
    pub long_date: DateStyle,
    /// The month names, January first (for [`DateStyle::DayMonthYear`]).
    pub months: [&'static str; 12],
    /// Punctuation between a label and what it introduces (`: `, `：`).
    pub colon: &'static str,
    /// Between two items of a list in running text (`, `, `、`).
    pub list_separator: &'static str,
    /// An issue in navigation when its title is empty; `{}` is `YYYY-NN`.
    issue_label: &'static str,
    /// An article in navigation when its title is empty; `{}` is its number.
    article_label: &'static str,
    /// The PDF's subject line: `{series}`, `{year}`, `{count}` are filled.
    pdf_subject: &'static str,
    /// The print edition named after the book: `{title}` is filled.
    print_edition_of: &'static str,
    /// The EPUB's link from a diagram to the page that shows it full size.
    pub diagram_full_size: &'static str,
    /// The link from that page back to the diagram in the text.
    pub back_to_text: &'static str,
    /// The EPUB's description when `book.yaml` gives none: `{series}`,
    /// `{year}`, `{count}` (issues), `{first}`, `{last}` (their numbers,
    /// `2019-01`) and `{articles}` are filled.
    book_description: &'static str,
}

/// English: the default, and the words of every language without a table.
pub static ENGLISH: Locale = Locale {
    language: "en",
    contents: "Contents",
    preface: "Preface",
    cover: "Cover",
    title_page: "Title page",
    source_label: "Source: ",
    landmarks: "Landmarks",
    pages: "Pages",
    image: "Image",
    image_without_description: "Image without a description",
    diagram: "Diagram",
    mermaid_source: "Mermaid diagram (source)",
    drawing: "Diagram drawn in text",
    print_edition: "print edition",
    edition_name: "English edition",
    // The title page has always shown the ISO date; English books keep it.
    title_date: DateStyle::Iso,
    long_date: DateStyle::DayMonthYear,
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    colon: ": ",
    list_separator: ", ",
    issue_label: "Issue {}",
    article_label: "Article {}",
    pdf_subject: "{series} {year}: {count} issues collected",
    print_edition_of: "{title}, print edition (PDF)",
    diagram_full_size: "Diagram full size",
    back_to_text: "Back to the text",
    book_description: "The {series} issues of {year} in one book: {count} issues ({first} to {last}), {articles} articles.",
};

/// Chinese, in simplified characters (a traditional-script book uses it
/// too until it has a table of its own).
pub static CHINESE: Locale = Locale {
    language: "zh",
    contents: "目录",
    preface: "前言",
    cover: "封面",
    title_page: "扉页",
    source_label: "来源：",
    landmarks: "导览",
    pages: "页码",
    image: "图片",
    image_without_description: "无说明的图片",
    diagram: "图表",
    mermaid_source: "Mermaid 图（源码）",
    drawing: "字符图",
    print_edition: "印刷版",
    edition_name: "中文版",
    title_date: DateStyle::Chinese,
    long_date: DateStyle::Chinese,
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
    colon: "：",
    list_separator: "、",
    issue_label: "第 {} 期",
    article_label: "第 {} 篇",
    pdf_subject: "{series} {year}：收录 {count} 期",
    print_edition_of: "{title}（印刷版 PDF）",
    diagram_full_size: "查看大图",
    back_to_text: "返回正文",
    book_description:
        "{series} {year} 年合集：收录 {count} 期（{first} 至 {last}），共 {articles} 篇文章。",
};

impl Locale {
    /// The table for the BCP 47 tag `tag` (`en`, `zh-Hans`, `zh-TW`), by
    /// its edition ([`edition_key`]); English when there is none for it.
    /// Both Chinese editions take the one Chinese table.
    pub fn for_language(tag: &str) -> &'static Locale {
        match edition_key(tag).as_str() {
            "zh" | "zh-hant" => &CHINESE,
            _ => &ENGLISH,
        }
    }

    /// An issue's label in navigation when its title is empty.
    pub fn issue_label(&self, id: IssueId) -> String {
        self.issue_label.replace("{}", &id.to_string())
    }

    /// An article's label in navigation when its title is empty (`number`
    /// counts from 1).
    pub fn article_label(&self, number: usize) -> String {
        self.article_label.replace("{}", &number.to_string())
    }

    /// `label` and `text` joined by the language's colon ("Image: a chart",
    /// "图片：图表").
    pub fn labelled(&self, label: &str, text: &str) -> String {
        format!("{label}{}{text}", self.colon)
    }

    /// The PDF's subject line.
    pub fn pdf_subject(&self, series: &str, year: u16, count: usize) -> String {
        self.pdf_subject
            .replace("{series}", series)
            .replace("{year}", &year.to_string())
            .replace("{count}", &count.to_string())
    }

    /// The book's description for its metadata, from its `series`, `year`,
    /// number of issues `count`, first and last issue and `articles`.
    pub fn book_description(
        &self,
        series: &str,
        year: u16,
        count: usize,
        (first, last): (&str, &str),
        articles: usize,
    ) -> String {
        self.book_description
            .replace("{series}", series)
            .replace("{year}", &year.to_string())
            .replace("{count}", &count.to_string())
            .replace("{first}", first)
            .replace("{last}", last)
            .replace("{articles}", &articles.to_string())
    }

    /// The print edition of the book titled `title`, in words.
    pub fn print_edition_of(&self, title: &str) -> String {
        self.print_edition_of.replace("{title}", title)
    }

    /// The date `iso` (`YYYY-MM-DD`) as the title page shows it; anything
    /// that is not such a date is shown as given.
    pub fn title_page_date(&self, iso: &str) -> String {
        format_date(iso, self.title_date, &self.months)
    }

    /// The date `iso` (`YYYY-MM-DD`) written out: `30 November 2026`,
    /// `2026年11月30日`; anything that is not such a date is shown as given.
    pub fn long_date(&self, iso: &str) -> String {
        format_date(iso, self.long_date, &self.months)
    }
}

/// `iso` in `style`, or `iso` itself when it is not `YYYY-MM-DD`.
fn format_date(iso: &str, style: DateStyle, months: &[&str; 12]) -> String {
    let Some((year, month, day)) = parse_iso_date(iso) else {
        return iso.to_string();
    };
    match style {
        DateStyle::Iso => iso.to_string(),
        DateStyle::DayMonthYear => format!("{day} {} {year}", months[month as usize - 1]),
        DateStyle::Chinese => format!("{year}年{month}月{day}日"),
    }
}

/// The year, month (1–12) and day (1–31) of `YYYY-MM-DD`.
fn parse_iso_date(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_by_language() {
        assert_eq!(Locale::for_language("en").contents, "Contents");
        assert_eq!(Locale::for_language("zh-Hans").contents, "目录");
        assert_eq!(Locale::for_language("ZH_tw").source_label, "来源：");
        assert_eq!(Locale::for_language("de").preface, "Preface");
        assert_eq!(Locale::for_language("").preface, "Preface");
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(ENGLISH.long_date("2026-11-30"), "30 November 2026");
        assert_eq!(CHINESE.long_date("2026-11-30"), "2026年11月30日");
        assert_eq!(ENGLISH.long_date("2026-01-05"), "5 January 2026");
        assert_eq!(ENGLISH.title_page_date("2026-11-30"), "2026-11-30");
        assert_eq!(CHINESE.title_page_date("2026-11-30"), "2026年11月30日");
        assert_eq!(CHINESE.long_date("autumn 2026"), "autumn 2026");
        assert_eq!(ENGLISH.long_date("2026-13-01"), "2026-13-01");
    }

    #[test]
    fn filled_labels() {
        let id = IssueId {
            year: 2019,
            number: 7,
        };
        assert_eq!(ENGLISH.issue_label(id), "Issue 2019-07");
        assert_eq!(CHINESE.issue_label(id), "第 2019-07 期");
        assert_eq!(CHINESE.labelled(CHINESE.image, "架构"), "图片：架构");
        assert_eq!(
            ENGLISH.pdf_subject("S", 2019, 3),
            "S 2019: 3 issues collected"
        );
    }
}
