//! Writes `src/validate/phone/tables.rs` and `src/validate/phone/tables.bin`: the
//! numbering-plan metadata of the `phonenumber` crate (libphonenumber's data) with every
//! digit pattern compiled ahead of time into a small DFA over the ten digits.
//!
//! Phone validation then needs no regular expression at run time: the crate compiles its
//! patterns lazily and keeps only a hundred, so an archive of distinct numbers paid
//! milliseconds per number.
//!
//! `cargo run --example gen_phone_tables` (run it again after upgrading `phonenumber`).

use std::collections::HashMap;
use std::fmt::Write as _;

use phonenumber::metadata::{Descriptor, Metadata, DATABASE};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

/// All DFAs, one after the other: per state, ten transitions (by digit) and a flags byte.
/// Within a DFA, state 0 is the dead state and state 1 the start state.
struct Tables {
    blob: Vec<u8>,
    by_pattern: HashMap<String, u32>,
}

/// The state's match flag: a match ended just before the last digit read.
const MATCH: u8 = 1;
/// The state's end-of-input flag: a match ends at the end of the input.
const EOI_MATCH: u8 = 2;

impl Tables {
    /// Offset of the DFA of `pattern` (compiled as the crate does: whitespace ignored,
    /// leftmost-first, searched from the first digit).
    fn dfa(&mut self, pattern: &str) -> u32 {
        if let Some(&at) = self.by_pattern.get(pattern) {
            return at;
        }
        let dfa = dense::Builder::new()
            .syntax(
                syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .ignore_whitespace(true),
            )
            .configure(
                dense::Config::new()
                    .minimize(true)
                    .start_kind(StartKind::Anchored),
            )
            .build(pattern)
            .unwrap_or_else(|e| panic!("pattern {pattern:?}: {e}"));
        let start = dfa
            .start_state_forward(&Input::new("").anchored(Anchored::Yes))
            .expect("anchored start");
        // Local state 0 is the dead state (whether or not the pattern can reach it).
        let mut ids = HashMap::new();
        let mut order = vec![None, Some(start)];
        ids.insert(start, 1);
        let mut k = 1;
        while k < order.len() {
            let s = order[k].expect("live state");
            for b in b'0'..=b'9' {
                let n = dfa.next_state(s, b);
                if !dfa.is_dead_state(n) && !ids.contains_key(&n) {
                    ids.insert(n, order.len());
                    order.push(Some(n));
                }
            }
            k += 1;
        }
        assert!(order.len() <= 256, "{} states in {pattern:?}", order.len());
        let at = u32::try_from(self.blob.len()).expect("small tables");
        for s in &order {
            let Some(s) = *s else {
                self.blob.extend_from_slice(&[0; 11]);
                continue;
            };
            for b in b'0'..=b'9' {
                let n = dfa.next_state(s, b);
                self.blob.push(if dfa.is_dead_state(n) {
                    0
                } else {
                    ids[&n] as u8
                });
            }
            let mut flags = 0;
            if dfa.is_match_state(s) {
                flags |= MATCH;
            }
            if dfa.is_match_state(dfa.next_eoi_state(s)) {
                flags |= EOI_MATCH;
            }
            self.blob.push(flags);
        }
        self.by_pattern.insert(pattern.to_string(), at);
        at
    }

    fn desc(&mut self, d: &Descriptor) -> String {
        format!(
            "Desc {{ dfa: {}, lengths: {:#x}, local: {:#x} }}",
            self.dfa(d.national_number().as_str()),
            mask(d.possible_length()),
            mask(d.possible_local_length()),
        )
    }
}

fn mask(lengths: &[u16]) -> u32 {
    assert!(lengths.windows(2).all(|w| w[0] < w[1]), "sorted lengths");
    lengths.iter().fold(0, |m, &l| {
        assert!(l < 32, "length {l}");
        m | 1 << l
    })
}

fn opt_str(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("Some({s:?})"),
        None => "None".into(),
    }
}

fn region(t: &mut Tables, m: &Metadata) -> String {
    let d = m.descriptors();
    let types: Vec<String> = [
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.fixed_line(),
        d.mobile(),
    ]
    .into_iter()
    .flatten()
    .map(|x| t.desc(x))
    .collect();
    let transform = m.national_prefix_transform_rule();
    let npp = m.national_prefix_for_parsing().map(|r| r.as_str());
    let dfa_opt = |t: &mut Tables, p: Option<&str>| match p {
        Some(p) => format!("Some({})", t.dfa(p)),
        None => "None".into(),
    };
    let idd = dfa_opt(t, m.international_prefix().map(|r| r.as_str()));
    let leading = dfa_opt(t, m.leading_digits().map(|r| r.as_str()));
    let npp_dfa = dfa_opt(t, npp);
    let general = t.desc(d.general());
    format!(
        "    RegionMeta {{\n        id: {:?},\n        known_id: {},\n        code: {},\n        idd: {idd},\n        national_prefix: {},\n        npp: {npp_dfa},\n        npp_pattern: {},\n        transform: {},\n        leading: {leading},\n        general: {general},\n        types: &[{}],\n    }},\n",
        m.id(),
        m.id().parse::<phonenumber::country::Id>().is_ok(),
        m.country_code(),
        opt_str(m.national_prefix()),
        // The pattern itself is needed only where a transform rule reads its groups.
        opt_str(transform.and(npp)),
        opt_str(transform),
        types.join(", "),
    )
}

fn main() {
    let mut t = Tables {
        blob: Vec::new(),
        by_pattern: HashMap::new(),
    };
    // Every calling code with its regions, in the database's order (the main region
    // first); non-geographic entities ("001") are reached by code only.
    let mut metas: Vec<(&Metadata, u16)> = Vec::new();
    let mut codes: Vec<(u16, Vec<usize>)> = Vec::new();
    for code in 1..=999u16 {
        let Some(regions) = DATABASE.region(&code) else {
            continue;
        };
        let mut idx = Vec::new();
        for r in regions {
            let m = if r == "001" {
                DATABASE.by_code(&code).and_then(|m| m.into_iter().next())
            } else {
                DATABASE.by_id(r)
            }
            .expect("listed region has metadata");
            idx.push(metas.len());
            metas.push((m, code));
        }
        codes.push((code, idx));
    }
    // Sorted by id (then code) so that a region is found by binary search.
    let mut order: Vec<usize> = (0..metas.len()).collect();
    order.sort_by_key(|&i| (metas[i].0.id(), metas[i].1));
    let mut position = vec![0; metas.len()];
    for (p, &i) in order.iter().enumerate() {
        position[i] = p;
    }
    let mut regions = String::new();
    for &i in &order {
        regions.push_str(&region(&mut t, metas[i].0));
    }
    let mut code_table = String::new();
    for (code, idx) in &codes {
        let idx: Vec<String> = idx.iter().map(|&i| position[i].to_string()).collect();
        writeln!(code_table, "    ({code}, &[{}]),", idx.join(", ")).expect("string");
    }
    let out = format!(
        "// Generated by `cargo run --example gen_phone_tables` from the numbering-plan metadata of\n\
         // the `phonenumber` crate. Do not edit.\n\
         //\n\
         // {} regions and non-geographic entities, {} calling codes, {} distinct digit patterns\n\
         // compiled to DFAs ({} bytes in tables.bin).\n\n\
         /// Every region's numbering plan, sorted by id.\n\
         static REGIONS: &[RegionMeta] = &[\n{regions}];\n\n\
         /// Calling codes, sorted, each with its regions (indices into [`REGIONS`]) in the\n\
         /// metadata's order: the main region first.\n\
         static CODES: &[(u16, &[u16])] = &[\n{code_table}];\n",
        metas.len(),
        codes.len(),
        t.by_pattern.len(),
        t.blob.len(),
    );
    std::fs::write("src/validate/phone/tables.rs", out).expect("write tables.rs");
    std::fs::write("src/validate/phone/tables.bin", &t.blob).expect("write tables.bin");
    println!(
        "{} regions, {} codes, {} patterns, {} bytes",
        metas.len(),
        codes.len(),
        t.by_pattern.len(),
        t.blob.len()
    );
}
