//! Entry point of the browser app: mount [`pjsip_lab_web::App`] on the page body.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(pjsip_lab_web::App);
}
