//! Entry point of the browser app.

fn main() {
    pjsip_lab_web::start();
}
