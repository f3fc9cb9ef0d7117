//! The template: a bundle with everything but the projects (`projects: []`),
//! read by the bundle's own loader, so it obeys every rule a bundle does.

use std::path::Path;

use ron::extensions::Extensions;

use crate::bundle::{self, Bundle, BundleError};

/// Why the template cannot be used, with `jury check`'s exit code.
pub struct TemplateError {
    pub message: String,
    pub code: u8,
}

pub fn load(path: &Path) -> Result<Bundle, TemplateError> {
    let name = path.display().to_string();
    let bytes = crate::bounded_read::read(path, &crate::bundle::BUNDLE_KIND).map_err(|e| {
        TemplateError {
            message: format!("{name}: cannot read the template: {e}"),
            code: if matches!(e, crate::bounded_read::ReadError::TooLarge { .. }) {
                1
            } else {
                2
            },
        }
    })?;
    match bundle::parse(&name, &bytes) {
        Ok(_) => Err(TemplateError {
            message: format!(
                "{name}: the template already lists projects; leave `projects: []` empty, the import fills it"
            ),
            code: 1,
        }),
        // The one problem a template has: no project yet.
        Err(BundleError::Invalid { problems, .. })
            if problems.iter().all(|p| p.path == "projects") =>
        {
            let text = String::from_utf8_lossy(&bytes);
            let text = text
                .strip_prefix('\u{feff}')
                .unwrap_or(&text)
                .replace("\r\n", "\n");
            ron::Options::default()
                .with_default_extension(Extensions::IMPLICIT_SOME)
                .from_str::<Bundle>(&text)
                .map_err(|e| TemplateError {
                    message: format!("{name}: {e}"),
                    code: 1,
                })
        }
        Err(e) => Err(TemplateError {
            message: format!("template {e}"),
            code: e.exit_code(),
        }),
    }
}
