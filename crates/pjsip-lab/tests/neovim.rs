//! A real client: Debian's Neovim, headless, configured with the block `docs/editors.md` gives,
//! opens a `pjsip.conf` and must end up holding the server's diagnostics.
//!
//! `nvim` must be installed (`scripts/setup.sh` installs Debian's `neovim`); without it this test
//! fails and says so, it does not skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pjsip-lab");

/// The Lua block between the `neovim-config` markers of `docs/editors.md`.
fn documented_config() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/editors.md");
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let begin = doc.find("<!-- neovim-config: begin -->").expect("begin marker");
    let end = doc.find("<!-- neovim-config: end -->").expect("end marker");
    let block = &doc[begin..end];
    let code = block.split("```lua\n").nth(1).expect("a lua block").split("```").next().unwrap();
    code.to_string()
}

/// After the documented set-up: wait for diagnostics on the buffer, write what Neovim holds
/// as JSON, and quit; give up (exit status 3) after 40 seconds.
const PROBE: &str = r#"
local out = os.getenv('PJSIP_LAB_NVIM_OUT')
local function finish()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(found, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
  end
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(found))
  f:close()
  vim.cmd('qall!')
end
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function()
    if #vim.diagnostic.get(0) > 0 then vim.schedule(finish) end
  end,
})
vim.defer_fn(function() vim.cmd('cquit 3') end, 40000)
"#;

#[test]
fn neovim_receives_the_diagnostics() {
    let nvim = which("nvim").expect("`nvim` is not on PATH: install Debian's neovim (scripts/setup.sh does: apt-get install -y neovim)");
    let dir = std::env::temp_dir().join(format!("pjsip-lab-nvim-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let conf = dir.join("pjsip.conf");
    std::fs::write(&conf, "[6001]\ntype=endpoint\nallow=ulaw\naors=6001\ndtmfmode=rfc4733\n\n[6001]\ntype=aor\nmax_contacts=1\n").unwrap();
    let init = dir.join("init.lua");
    std::fs::write(&init, format!("{}\n{PROBE}", documented_config())).unwrap();
    let out = dir.join("diagnostics.json");
    // The documented set-up runs `pjsip-lab` from PATH: put the binary under test first.
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut child = Command::new(nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(&init)
        .arg(&conf)
        .env("PATH", path)
        .env("PJSIP_LAB_NVIM_OUT", &out)
        .env("XDG_CONFIG_HOME", &dir)
        .env("XDG_DATA_HOME", &dir)
        .env("XDG_STATE_HOME", &dir)
        .env("XDG_CACHE_HOME", &dir)
        .current_dir(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("Neovim did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "Neovim exited with {status} (3: no diagnostics arrived within 40 s)");
    let written = std::fs::read_to_string(&out).expect("the probe wrote what Neovim holds");
    let diagnostics: serde_json::Value = serde_json::from_str(&written).unwrap();
    let list = diagnostics.as_array().expect("a list");
    let unknown = list.iter().find(|d| d["message"].as_str().unwrap_or("").contains("dtmfmode")).unwrap_or_else(|| panic!("{written}"));
    assert_eq!((unknown["lnum"].as_i64(), unknown["col"].as_i64()), (Some(4), Some(0)), "{written}");
    assert_eq!(unknown["severity"], 1, "an error");
    assert_eq!(unknown["source"], "pjsip-lab");
    let _ = std::fs::remove_dir_all(&dir);
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}
