//! Writing files so that nothing is lost: an output appears whole or not at all, a file it
//! replaces keeps its permissions and owner, and nothing is ever written through a name someone
//! else planted.
//!
//! Every file is written under an unpredictable name created with `O_EXCL` in the target's own
//! directory (so a symlink planted at a guessable temporary name is never followed), synced to
//! disk, and renamed into place: a crash leaves the old file or the new one, never half of one.
//! A backup is linked into place only where no file is (`persist_noclobber`), so an existing
//! backup, or a symlink at its name, is never replaced or written through.
//!
//! ```
//! let dir = tempfile::tempdir()?;
//! let page = dir.path().join("page.txt");
//! std::fs::write(&page, "近年来,山西\n")?;
//! galley::atomic::back_up(&page, &dir.path().join("page.txt.orig"))?;
//! galley::atomic::write(&page, "近年来，山西\n".as_bytes(), None)?;
//! assert_eq!(std::fs::read_to_string(dir.path().join("page.txt.orig"))?, "近年来,山西\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::error::{Error, Result};
use std::fs::{File, Permissions};
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Temporary files are `.galley-XXXXXX.tmp` beside their target, so that a stray one after a
/// crash says whose it is.
const PREFIX: &str = ".galley-";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The directory a file at `path` is written in (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A new temporary file in `dir`, created as an ordinary file would be (0666 less the umask)
/// rather than 0600, so that an output nobody asked to keep private is not made so.
fn temp_in(dir: &Path) -> Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(PREFIX).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir).map_err(io(dir))
}

/// Gives `file` the permissions (and, where the process may, the owner) of `like`.
fn copy_metadata(file: &File, like: &std::fs::Metadata, path: &Path) -> Result<()> {
    file.set_permissions(like.permissions()).map_err(io(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Only root may give a file away; anyone may keep their own group. A failure leaves the
        // writer's owner, which is what any editor's save does.
        let _ = std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid()));
    }
    Ok(())
}

/// Makes the rename of a file in `dir` durable. Not every file system can sync a directory; the
/// rename is done either way.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// A file written under a temporary name beside its path and renamed into place by
/// [`AtomicFile::commit`]; dropped uncommitted, it leaves nothing behind.
pub struct AtomicFile {
    path: PathBuf,
    file: Option<BufWriter<NamedTempFile>>,
}

impl AtomicFile {
    /// Starts writing `path`, creating its directory. A regular file already at `path` keeps its
    /// permissions and owner; otherwise the new file takes those of `like` (the input it is made
    /// from), or an ordinary new file's.
    pub fn create(path: &Path, like: Option<&Path>) -> Result<AtomicFile> {
        let dir = parent(path);
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let tmp = temp_in(dir)?;
        // A link at `path` is replaced, not followed, so its target's owner is not copied.
        let model = std::fs::symlink_metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .or_else(|| like.and_then(|l| std::fs::metadata(l).ok()))
            .filter(|m| m.is_file());
        if let Some(m) = model {
            copy_metadata(tmp.as_file(), &m, path)?;
        }
        Ok(AtomicFile {
            path: path.to_path_buf(),
            file: Some(BufWriter::new(tmp)),
        })
    }

    /// The path the file goes to.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and syncs the file and renames it into place.
    pub fn commit(mut self) -> Result<()> {
        let file = self.file.take().expect("not committed yet");
        let tmp = file
            .into_inner()
            .map_err(|e| io(&self.path)(e.into_error()))?;
        tmp.as_file().sync_all().map_err(io(&self.path))?;
        tmp.persist(&self.path)
            .map_err(|e| io(&self.path)(e.error))?;
        sync_dir(parent(&self.path));
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("not committed yet").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("not committed yet").flush()
    }
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile::create`] for `like`).
pub fn write(path: &Path, bytes: &[u8], like: Option<&Path>) -> Result<()> {
    let mut file = AtomicFile::create(path, like)?;
    file.write_all(bytes).map_err(io(path))?;
    file.commit()
}

/// What [`back_up`] found at the backup's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backup {
    /// The copy was made.
    Made,
    /// A file with the very same bytes was there already (left by a run that was stopped
    /// before it rewrote the original), and was kept.
    AlreadyThere,
}

/// Whether the regular file at `backup` holds the bytes of `original`. A symlink or anything
/// else that is not a regular file never does.
fn same_bytes(original: &Path, backup: &Path) -> Result<bool> {
    let Ok(meta) = std::fs::symlink_metadata(backup) else {
        return Ok(false);
    };
    if !meta.is_file() || meta.len() != std::fs::metadata(original).map_err(io(original))?.len() {
        return Ok(false);
    }
    let (mut a, mut b) = (
        File::open(original).map_err(io(original))?,
        File::open(backup).map_err(io(backup))?,
    );
    let (mut x, mut y) = (vec![0; 1 << 16], vec![0; 1 << 16]);
    loop {
        let n = read_full(&mut a, &mut x).map_err(io(original))?;
        let m = read_full(&mut b, &mut y).map_err(io(backup))?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

/// Reads until `buf` is full or the file ends.
fn read_full(r: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Whether `backup` may be made from `original`: nothing is at its name, or a regular file
/// with the very same bytes. Checked for every file before a batch writes anything.
pub fn check_backup(original: &Path, backup: &Path) -> Result<()> {
    if std::fs::symlink_metadata(backup).is_err() || same_bytes(original, backup)? {
        return Ok(());
    }
    Err(Error::BackupExists {
        original: original.to_path_buf(),
        backup: backup.to_path_buf(),
    })
}

/// Copies `original` to `backup`, atomically and without replacing anything: the copy is
/// written under a temporary name, synced, and linked into place only if nothing is at
/// `backup` (a symlink there is not followed). A file already there with the same bytes is
/// kept; any other is an error ([`Error::BackupExists`]).
pub fn back_up(original: &Path, backup: &Path) -> Result<Backup> {
    if std::fs::symlink_metadata(backup).is_ok() {
        check_backup(original, backup)?;
        return Ok(Backup::AlreadyThere);
    }
    let dir = parent(backup);
    let mut tmp = temp_in(dir)?;
    let mut from = File::open(original).map_err(io(original))?;
    let meta = from.metadata().map_err(io(original))?;
    std::io::copy(&mut from, tmp.as_file_mut()).map_err(io(backup))?;
    copy_metadata(tmp.as_file(), &meta, backup)?;
    tmp.as_file().sync_all().map_err(io(backup))?;
    match tmp.persist_noclobber(backup) {
        Ok(_) => {
            sync_dir(dir);
            Ok(Backup::Made)
        }
        // Someone made one in the meantime: the same check as above decides.
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            check_backup(original, backup)?;
            Ok(Backup::AlreadyThere)
        }
        Err(e) => Err(io(backup)(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stray_temps(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(PREFIX))
            .collect()
    }

    #[test]
    fn a_dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        let mut f = AtomicFile::create(&path, None).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert!(!path.exists());
        assert_eq!(stray_temps(dir.path()), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode_and_a_new_one_takes_its_inputs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        for m in [0o600, 0o444, 0o640] {
            let p = dir.path().join(format!("f{m:o}"));
            std::fs::write(&p, "old").unwrap();
            std::fs::set_permissions(&p, Permissions::from_mode(m)).unwrap();
            write(&p, b"new", None).unwrap();
            assert_eq!(
                (mode(&p), std::fs::read_to_string(&p).unwrap()),
                (m, "new".into())
            );
            let copy = dir.path().join(format!("copy{m:o}"));
            write(&copy, b"new", Some(&p)).unwrap();
            assert_eq!(mode(&copy), m);
        }
        assert_eq!(stray_temps(dir.path()), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn a_backup_is_never_written_through_a_symlink_nor_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let (page, victim) = (dir.path().join("a.txt"), dir.path().join("victim"));
        std::fs::write(&page, "page").unwrap();
        std::fs::write(&victim, "victim").unwrap();
        let backup = dir.path().join("a.txt.orig");
        std::os::unix::fs::symlink(&victim, &backup).unwrap();
        assert!(matches!(
            back_up(&page, &backup),
            Err(Error::BackupExists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "victim");
        std::fs::remove_file(&backup).unwrap();
        assert_eq!(back_up(&page, &backup).unwrap(), Backup::Made);
        // The same bytes again: kept. Other bytes: refused, the backup untouched.
        assert_eq!(back_up(&page, &backup).unwrap(), Backup::AlreadyThere);
        std::fs::write(&page, "clean page").unwrap();
        assert!(back_up(&page, &backup).is_err());
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "page");
    }
}
