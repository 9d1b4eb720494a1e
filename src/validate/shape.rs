//! Values with no check digit, judged by their shape: dates written with digits, and email
//! addresses beyond what a rule's regex checks.

/// A plausible date written with digits: day, month and year in either order
/// (`04/12/1988`, `1988-12-04`, `4.12.88`).
pub(crate) fn date(s: &str) -> bool {
    let parts: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let [a, b, c] = parts[..] else {
        return false;
    };
    let year_ok = |y: u32| (1900..=2030).contains(&y) || y < 100;
    let dm_ok = |d: u32, m: u32| (1..=31).contains(&d) && (1..=12).contains(&m);
    if a > 31 {
        // year first
        (1900..=2030).contains(&a) && (dm_ok(c, b) || dm_ok(b, c))
    } else {
        year_ok(c) && (dm_ok(a, b) || dm_ok(b, a))
    }
}

/// File extensions that look like top-level domains after `name@2x.`.
const FILE_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff", "pdf", "mp4", "mov", "txt",
    "js", "css", "html", "htm", "zip", "gz", "heic",
];

/// An email address's shape beyond what the candidate regex checks.
pub(crate) fn email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    let tld = domain.rsplit('.').next().unwrap_or("");
    s.len() <= 254
        && !local.contains("..")
        && !local.ends_with('.')
        && domain
            .split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-'))
        && !FILE_EXTENSIONS.iter().any(|e| tld.eq_ignore_ascii_case(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(date("04/12/1988"));
        assert!(date("1988-12-04"));
        assert!(date("4.12.88"));
        assert!(!date("13/13/1988"));
        assert!(!date("2024"));
    }

    #[test]
    fn emails() {
        assert!(email("jo.smith@example.co.uk"));
        assert!(!email("jo..smith@example.com"));
        assert!(!email("logo@2x.png"), "a retina image name, not an address");
        assert!(!email("jo@-example.com"));
    }
}
