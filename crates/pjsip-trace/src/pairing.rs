//! Ties responses to their requests, retries to the challenges they answer, and repeats to
//! their first copy.
//!
//! A transaction is the top Via's branch with the CSeq number and method (RFC 3261 §17.2.3),
//! within one Call-ID; a message without a branch falls back to Call-ID and CSeq alone. A
//! response belongs to the latest request of its transaction that went the other way (or whose
//! direction is unknown). A request with the same transaction, direction and start line as an
//! earlier one is a retransmission of it; so is a response with the same status and To tag as an
//! earlier response to the same request.
//!
//! A request carrying Authorization or Proxy-Authorization retries the latest earlier request of
//! the same Call-ID, method and direction with a lower CSeq that was finally answered 401 or 407:
//! follow [`Exchange::retry_of`](crate::model::Exchange::retry_of) back for the whole chain.
//!
//! One pass, hash maps keyed by borrowed strings: linear in the number of messages.

use std::collections::HashMap;

use crate::model::{Direction, TraceMessage};

/// How many earlier copies a message is compared with.
const MAX_COMPARED: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Transaction {
    call_id: String,
    branch: String,
    cseq: u32,
    method: String,
}

fn transaction(message: &TraceMessage) -> Option<Transaction> {
    let cseq = message.sip.cseq()?;
    Some(Transaction {
        call_id: message.sip.call_id().unwrap_or("").to_string(),
        branch: message.sip.via().and_then(|v| v.branch().map(str::to_string)).unwrap_or_default(),
        cseq: cseq.number,
        method: cseq.method.to_ascii_uppercase(),
    })
}

fn opposite(a: Direction, b: Direction) -> bool {
    matches!(
        (a, b),
        (Direction::Received, Direction::Transmitted)
            | (Direction::Transmitted, Direction::Received)
            | (Direction::Unknown, _)
            | (_, Direction::Unknown)
    )
}

/// Fills every message's [`Exchange`](crate::model::Exchange).
pub fn pair(messages: &mut [TraceMessage]) {
    // Transaction → requests seen for it (first copies), latest last.
    let mut requests: HashMap<Transaction, Vec<usize>> = HashMap::new();
    // (Call-ID, method, direction) → the latest request finally challenged, with its CSeq.
    let mut challenged: HashMap<(String, String, Direction), (usize, u32)> = HashMap::new();
    for i in 0..messages.len() {
        let Some(key) = transaction(&messages[i]) else {
            continue;
        };
        if messages[i].sip.is_request() {
            pair_request(messages, i, key, &mut requests, &challenged);
        } else if messages[i].sip.is_response() {
            pair_response(messages, i, &key, &requests, &mut challenged);
        }
    }
}

fn pair_request(
    messages: &mut [TraceMessage],
    i: usize,
    key: Transaction,
    requests: &mut HashMap<Transaction, Vec<usize>>,
    challenged: &HashMap<(String, String, Direction), (usize, u32)>,
) {
    let copies = requests.entry(key.clone()).or_default();
    // A transaction has a handful of requests; a hostile trace could repeat one key with
    // thousands of different start lines, so only the first few are compared (linear time).
    let first = copies
        .iter()
        .take(MAX_COMPARED)
        .copied()
        .find(|&r| messages[r].direction == messages[i].direction && messages[r].sip.start_line == messages[i].sip.start_line);
    if let Some(first) = first {
        messages[i].exchange.retransmission_of = Some(first);
        return;
    }
    if copies.len() < MAX_COMPARED {
        copies.push(i);
    }
    if messages[i].sip.authorization().is_some() {
        let method = messages[i].sip.method().unwrap_or("").to_ascii_uppercase();
        let lookup = (key.call_id, method, messages[i].direction);
        if let Some(&(earlier, cseq)) = challenged.get(&lookup) {
            if cseq < key.cseq {
                messages[i].exchange.retry_of = Some(earlier);
            }
        }
    }
}

fn pair_response(
    messages: &mut [TraceMessage],
    i: usize,
    key: &Transaction,
    requests: &HashMap<Transaction, Vec<usize>>,
    challenged: &mut HashMap<(String, String, Direction), (usize, u32)>,
) {
    let direction = messages[i].direction;
    let Some(&request) = requests.get(key).and_then(|copies| copies.iter().rev().find(|&&r| opposite(messages[r].direction, direction)))
    else {
        return;
    };
    let status = messages[i].sip.status().unwrap_or(0);
    let to_tag = messages[i].sip.to().and_then(|t| t.tag().map(str::to_string));
    let repeat = messages[request].exchange.responses.iter().take(MAX_COMPARED).copied().find(|&r| {
        messages[r].exchange.retransmission_of.is_none()
            && messages[r].direction == direction
            && messages[r].sip.status() == Some(status)
            && messages[r].sip.to().and_then(|t| t.tag().map(str::to_string)) == to_tag
    });
    messages[i].exchange.request = Some(request);
    messages[i].exchange.retransmission_of = repeat;
    messages[request].exchange.responses.push(i);
    if status >= 200 && messages[request].exchange.final_status.is_none() {
        messages[request].exchange.final_status = Some(status);
        if status == 401 || status == 407 {
            let method = messages[request].sip.method().unwrap_or("").to_ascii_uppercase();
            challenged.insert((key.call_id.clone(), method, messages[request].direction), (request, key.cseq));
        }
    }
}
