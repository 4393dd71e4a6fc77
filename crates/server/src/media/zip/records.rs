//! The byte layout of the ZIP records the archive writer emits (PKWARE APPNOTE 6.3.x): local
//! file header, data descriptor, central directory header, and the end records, ZIP64 ones
//! included. Pure functions over numbers, so the layout is unit-tested without any I/O.
//!
//! Every entry is **stored** (method 0) and has a UTF-8 name (flag bit 11). File entries set
//! flag bit 3: their CRC-32 is only known once their bytes have been read, so it follows them
//! in a data descriptor and the local header carries zeros. Directory entries know everything
//! up front (no bytes, CRC 0) and need no descriptor.

/// Local file header signature.
const LOCAL: u32 = 0x0403_4b50;
/// Data descriptor signature (optional in the format, written because readers expect it).
const DESCRIPTOR: u32 = 0x0807_4b50;
/// Central directory file header signature.
const CENTRAL: u32 = 0x0201_4b50;
/// End of central directory record.
const END: u32 = 0x0605_4b50;
/// ZIP64 end of central directory record.
const END64: u32 = 0x0606_4b50;
/// ZIP64 end of central directory locator.
const LOCATOR64: u32 = 0x0706_4b50;
/// Tag of the ZIP64 extended information extra field.
const ZIP64_EXTRA: u16 = 0x0001;

/// Flag bit 3: sizes and CRC in a data descriptor after the bytes.
const FLAG_DESCRIPTOR: u16 = 1 << 3;
/// Flag bit 11: the name is UTF-8.
const FLAG_UTF8: u16 = 1 << 11;

/// "Version needed to extract": 2.0 for plain stored entries and directories, 4.5 for ZIP64.
const VERSION_PLAIN: u16 = 20;
const VERSION_ZIP64: u16 = 45;
/// "Version made by": Unix (upper byte 3), so unzip applies the permissions in the external
/// attributes; spec version 4.5.
const MADE_BY: u16 = (3 << 8) | VERSION_ZIP64;

/// The largest value a 32-bit field holds; the value itself means "see the ZIP64 record", so
/// anything that reaches it goes to ZIP64.
pub const MAX_32: u64 = 0xFFFF_FFFF;
/// The most entries the plain end record counts (0xFFFF means "see the ZIP64 record").
pub const MAX_16: u64 = 0xFFFF;

/// Unix permissions in the high half of the external attributes: files `rw-r--r--`,
/// directories `rwxr-xr-x`; `0x10` is the MS-DOS directory bit.
const FILE_ATTRS: u32 = 0o100_644 << 16;
const DIR_ATTRS: u32 = (0o040_755 << 16) | 0x10;

/// MS-DOS time and date (local time in the format; we write UTC, as most servers do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DosTime {
    pub time: u16,
    pub date: u16,
}

impl DosTime {
    /// The DOS time of `ms` milliseconds since the Unix epoch, clamped to 1980–2107 (the
    /// range the format can hold).
    pub fn from_unix_ms(ms: i64) -> Self {
        use chrono::{Datelike, Timelike};
        let Some(t) = chrono::DateTime::from_timestamp_millis(ms) else {
            return Self::EARLIEST;
        };
        let year = t.year();
        if year < 1980 {
            return Self::EARLIEST;
        }
        if year > 2107 {
            return Self {
                time: (23 << 11) | (59 << 5) | 29,
                date: (127 << 9) | (12 << 5) | 31,
            };
        }
        // Every part fits its bits by the ranges checked and chrono's own.
        let part = |v: u32| u16::try_from(v).unwrap_or(0);
        Self {
            time: (part(t.hour()) << 11) | (part(t.minute()) << 5) | part(t.second() / 2),
            date: (part(u32::try_from(year - 1980).unwrap_or(0)) << 9)
                | (part(t.month()) << 5)
                | part(t.day()),
        }
    }

    /// 1980-01-01 00:00:00, the earliest the format holds.
    const EARLIEST: Self = Self {
        time: 0,
        date: (1 << 5) | 1,
    };
}

/// What the central directory needs to remember of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRecord {
    pub name: String,
    pub is_dir: bool,
    pub modified: DosTime,
    /// Where the entry's local header starts in the archive.
    pub offset: u64,
    pub size: u64,
    pub crc32: u32,
    /// Whether the local header and the data descriptor are in ZIP64 form (decided before
    /// the bytes are written, from the size known up front).
    pub zip64: bool,
}

impl EntryRecord {
    fn flags(&self) -> u16 {
        if self.is_dir {
            FLAG_UTF8
        } else {
            FLAG_UTF8 | FLAG_DESCRIPTOR
        }
    }

    fn version_needed(&self) -> u16 {
        if self.zip64 || self.offset >= MAX_32 {
            VERSION_ZIP64
        } else {
            VERSION_PLAIN
        }
    }
}

/// Whether an entry of `size` bytes needs ZIP64 sizes.
pub fn needs_zip64(size: u64) -> bool {
    size >= MAX_32
}

/// A name that fits the 16-bit length field, or `None`.
fn name_len(name: &str) -> Option<u16> {
    u16::try_from(name.len()).ok()
}

/// The local file header of `entry` (offset, size and ZIP64 decided; CRC not yet known). For
/// a ZIP64 entry the sizes are `0xFFFFFFFF` with a ZIP64 extra field of zeros, which tells
/// readers that the data descriptor holds 8-byte sizes (APPNOTE 4.3.9.2). `None` when the
/// name is longer than the format allows.
pub fn local_header(entry: &EntryRecord) -> Option<Vec<u8>> {
    let name = name_len(&entry.name)?;
    let mut b = Vec::with_capacity(30 + entry.name.len() + 20);
    put32(&mut b, LOCAL);
    put16(&mut b, entry.version_needed());
    put16(&mut b, entry.flags());
    put16(&mut b, 0); // stored
    put16(&mut b, entry.modified.time);
    put16(&mut b, entry.modified.date);
    put32(&mut b, 0); // CRC-32: in the data descriptor
    let size_field = if entry.zip64 { u32::MAX } else { 0 };
    put32(&mut b, size_field);
    put32(&mut b, size_field);
    put16(&mut b, name);
    put16(&mut b, if entry.zip64 { 20 } else { 0 });
    b.extend_from_slice(entry.name.as_bytes());
    if entry.zip64 {
        put16(&mut b, ZIP64_EXTRA);
        put16(&mut b, 16);
        put64(&mut b, 0);
        put64(&mut b, 0);
    }
    Some(b)
}

/// The data descriptor after a file's bytes: 8-byte sizes for a ZIP64 entry, else 4-byte.
pub fn data_descriptor(entry: &EntryRecord) -> Vec<u8> {
    let mut b = Vec::with_capacity(24);
    put32(&mut b, DESCRIPTOR);
    put32(&mut b, entry.crc32);
    if entry.zip64 {
        put64(&mut b, entry.size);
        put64(&mut b, entry.size);
    } else {
        put32(&mut b, low32(entry.size));
        put32(&mut b, low32(entry.size));
    }
    b
}

/// The central directory header of `entry`. Sizes and offset that do not fit 32 bits are
/// `0xFFFFFFFF` and follow in a ZIP64 extra field, in the order the format fixes
/// (uncompressed size, compressed size, offset), each only when its field overflowed.
pub fn central_header(entry: &EntryRecord) -> Option<Vec<u8>> {
    let name = name_len(&entry.name)?;
    let big_size = entry.zip64 || entry.size >= MAX_32;
    let big_offset = entry.offset >= MAX_32;
    let mut extra = Vec::new();
    if big_size {
        put64(&mut extra, entry.size);
        put64(&mut extra, entry.size);
    }
    if big_offset {
        put64(&mut extra, entry.offset);
    }
    let mut b = Vec::with_capacity(46 + entry.name.len() + 4 + extra.len());
    put32(&mut b, CENTRAL);
    put16(&mut b, MADE_BY);
    put16(&mut b, entry.version_needed());
    put16(&mut b, entry.flags());
    put16(&mut b, 0); // stored
    put16(&mut b, entry.modified.time);
    put16(&mut b, entry.modified.date);
    put32(&mut b, entry.crc32);
    let size = if big_size {
        u32::MAX
    } else {
        low32(entry.size)
    };
    put32(&mut b, size);
    put32(&mut b, size);
    put16(&mut b, name);
    let extra_len = if extra.is_empty() { 0 } else { 4 + extra.len() };
    put16(&mut b, u16::try_from(extra_len).unwrap_or(0)); // at most 4 + 24
    put16(&mut b, 0); // comment
    put16(&mut b, 0); // disk number
    put16(&mut b, 0); // internal attributes
    put32(&mut b, if entry.is_dir { DIR_ATTRS } else { FILE_ATTRS });
    put32(
        &mut b,
        if big_offset {
            u32::MAX
        } else {
            low32(entry.offset)
        },
    );
    b.extend_from_slice(entry.name.as_bytes());
    if !extra.is_empty() {
        put16(&mut b, ZIP64_EXTRA);
        put16(&mut b, u16::try_from(extra.len()).unwrap_or(0));
        b.extend_from_slice(&extra);
    }
    Some(b)
}

/// The records after the central directory: the ZIP64 end record and its locator when any
/// count, size or offset overflows the plain record, then the plain end record (with
/// `0xFFFF`/`0xFFFFFFFF` in the fields that overflowed).
pub fn end_records(entries: u64, directory_offset: u64, directory_size: u64) -> Vec<u8> {
    let zip64 = entries >= MAX_16 || directory_offset >= MAX_32 || directory_size >= MAX_32;
    let mut b = Vec::with_capacity(98);
    if zip64 {
        let end64_offset = directory_offset + directory_size;
        put32(&mut b, END64);
        put64(&mut b, 44); // the size of the rest of this record
        put16(&mut b, MADE_BY);
        put16(&mut b, VERSION_ZIP64);
        put32(&mut b, 0); // this disk
        put32(&mut b, 0); // the disk the directory starts on
        put64(&mut b, entries);
        put64(&mut b, entries);
        put64(&mut b, directory_size);
        put64(&mut b, directory_offset);
        put32(&mut b, LOCATOR64);
        put32(&mut b, 0); // the disk the ZIP64 end record is on
        put64(&mut b, end64_offset);
        put32(&mut b, 1); // disks in all
    }
    let count = u16::try_from(entries)
        .ok()
        .filter(|&n| u64::from(n) < MAX_16);
    put32(&mut b, END);
    put16(&mut b, 0);
    put16(&mut b, 0);
    put16(&mut b, count.unwrap_or(u16::MAX));
    put16(&mut b, count.unwrap_or(u16::MAX));
    put32(&mut b, fit32(directory_size));
    put32(&mut b, fit32(directory_offset));
    put16(&mut b, 0); // comment
    b
}

/// `v` when it is below `0xFFFFFFFF`, else the ZIP64 marker `0xFFFFFFFF`.
fn fit32(v: u64) -> u32 {
    if v >= MAX_32 {
        u32::MAX
    } else {
        low32(v)
    }
}

/// The low 32 bits (callers have checked that nothing above them is set where it matters).
fn low32(v: u64) -> u32 {
    (v & MAX_32) as u32
}

fn put16(b: &mut Vec<u8>, v: u16) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn put32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn put64(b: &mut Vec<u8>, v: u64) {
    b.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }
    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }
    fn u64_at(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    fn entry(size: u64, offset: u64) -> EntryRecord {
        EntryRecord {
            name: "Day 01/A001.mov".into(),
            is_dir: false,
            modified: DosTime::from_unix_ms(0),
            offset,
            size,
            crc32: 0xDEAD_BEEF,
            zip64: needs_zip64(size),
        }
    }

    #[test]
    fn a_small_entry_has_plain_records_with_utf8_and_descriptor_flags() {
        let e = entry(5, 10);
        let local = local_header(&e).unwrap();
        assert_eq!(u32_at(&local, 0), LOCAL);
        assert_eq!(u16_at(&local, 4), 20);
        assert_eq!(u16_at(&local, 6), 0x0808);
        assert_eq!(u16_at(&local, 8), 0, "stored");
        assert_eq!(u32_at(&local, 14), 0, "CRC follows in the descriptor");
        assert_eq!(u16_at(&local, 28), 0, "no extra field");
        assert_eq!(local.len(), 30 + e.name.len());
        let descriptor = data_descriptor(&e);
        assert_eq!(descriptor.len(), 16);
        assert_eq!(u32_at(&descriptor, 4), 0xDEAD_BEEF);
        assert_eq!(u32_at(&descriptor, 8), 5);
        let central = central_header(&e).unwrap();
        assert_eq!(u32_at(&central, 20), 5);
        assert_eq!(u32_at(&central, 42), 10);
        assert_eq!(central.len(), 46 + e.name.len());
    }

    #[test]
    fn an_entry_of_4_gib_or_more_is_zip64_in_every_record() {
        let size = (4 << 30) + 1;
        let e = entry(size, 7);
        assert!(e.zip64);
        let local = local_header(&e).unwrap();
        assert_eq!(u16_at(&local, 4), 45);
        assert_eq!(u32_at(&local, 18), u32::MAX);
        assert_eq!(u32_at(&local, 22), u32::MAX);
        assert_eq!(u16_at(&local, 28), 20);
        let extra = 30 + e.name.len();
        assert_eq!(u16_at(&local, extra), 0x0001);
        assert_eq!(u16_at(&local, extra + 2), 16);
        let descriptor = data_descriptor(&e);
        assert_eq!(descriptor.len(), 24);
        assert_eq!(u64_at(&descriptor, 8), size);
        assert_eq!(u64_at(&descriptor, 16), size);
        let central = central_header(&e).unwrap();
        assert_eq!(u32_at(&central, 20), u32::MAX);
        assert_eq!(u32_at(&central, 24), u32::MAX);
        assert_eq!(u32_at(&central, 42), 7, "a small offset stays in its field");
        let extra = 46 + e.name.len();
        assert_eq!(u16_at(&central, 30), 20);
        assert_eq!(u16_at(&central, extra), 0x0001);
        assert_eq!(u16_at(&central, extra + 2), 16);
        assert_eq!(u64_at(&central, extra + 4), size);
        assert_eq!(u64_at(&central, extra + 12), size);
    }

    #[test]
    fn an_offset_beyond_4_gib_goes_to_the_extra_field_alone() {
        let e = entry(3, 5 << 30);
        assert!(!e.zip64);
        let central = central_header(&e).unwrap();
        assert_eq!(u32_at(&central, 20), 3);
        assert_eq!(u32_at(&central, 42), u32::MAX);
        assert_eq!(u16_at(&central, 6), 45);
        let extra = 46 + e.name.len();
        assert_eq!(u16_at(&central, extra + 2), 8);
        assert_eq!(u64_at(&central, extra + 4), 5 << 30);
    }

    #[test]
    fn the_end_is_plain_while_everything_fits() {
        let end = end_records(3, 100, 200);
        assert_eq!(end.len(), 22);
        assert_eq!(u32_at(&end, 0), END);
        assert_eq!(u16_at(&end, 8), 3);
        assert_eq!(u16_at(&end, 10), 3);
        assert_eq!(u32_at(&end, 12), 200);
        assert_eq!(u32_at(&end, 16), 100);
    }

    #[test]
    fn the_end_has_zip64_records_for_many_entries_or_a_far_directory() {
        for (entries, offset) in [(70_000, 100), (3, 5 << 30)] {
            let size = 1_000;
            let end = end_records(entries, offset, size);
            assert_eq!(end.len(), 56 + 20 + 22);
            assert_eq!(u32_at(&end, 0), END64);
            assert_eq!(u64_at(&end, 4), 44);
            assert_eq!(u64_at(&end, 24), entries);
            assert_eq!(u64_at(&end, 32), entries);
            assert_eq!(u64_at(&end, 40), size);
            assert_eq!(u64_at(&end, 48), offset);
            assert_eq!(u32_at(&end, 56), LOCATOR64);
            assert_eq!(
                u64_at(&end, 64),
                offset + size,
                "where the ZIP64 end record starts"
            );
            assert_eq!(u32_at(&end, 72), 1);
            let plain = 76;
            assert_eq!(u32_at(&end, plain), END);
            let want_count = if entries >= MAX_16 { u16::MAX } else { 3 };
            assert_eq!(u16_at(&end, plain + 10), want_count);
            let want_offset = if offset >= MAX_32 { u32::MAX } else { 100 };
            assert_eq!(u32_at(&end, plain + 16), want_offset);
        }
    }

    #[test]
    fn dos_times_are_utc_and_clamped() {
        // 2024-03-05 14:07:09 UTC: seconds are halved.
        let t = DosTime::from_unix_ms(1_709_647_629_000);
        assert_eq!(t.date, (44 << 9) | (3 << 5) | 5);
        assert_eq!(t.time, (14 << 11) | (7 << 5) | 4);
        assert_eq!(DosTime::from_unix_ms(0), DosTime::EARLIEST);
    }

    #[test]
    fn a_name_longer_than_the_format_allows_is_refused() {
        let mut e = entry(1, 0);
        e.name = "x".repeat(70_000);
        assert!(local_header(&e).is_none());
        assert!(central_header(&e).is_none());
    }
}
