//! Standard output as a command-line tool should treat it: when the reader goes away
//! (`pjsip-lab check big.conf | head`), the command stops quietly instead of panicking the way
//! `println!` does on a closed pipe.

use std::io::{ErrorKind, Write};

/// Writes `text` to standard output. A closed pipe ends the process quietly (status 0, as other
/// tools do); any other write error is reported on stderr with status 2.
pub fn write(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if error.kind() == ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        let _ = writeln!(std::io::stderr(), "pjsip-lab: cannot write the output: {error}");
        std::process::exit(2);
    }
}

/// `println!` that survives a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::stdout::write(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` that survives a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::stdout::write(&format!($($arg)*))
    };
}

pub(crate) use {out, outln};
