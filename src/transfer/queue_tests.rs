use super::*;
use crate::cache::Cache;
use crate::transfer::job::{Relate, UploadFile};
use chrono::Duration;

fn upload(asset: &str, version: &str) -> NewJob {
    NewJob::new(
        Payload::UploadFile(UploadFile {
            asset: asset.into(),
            file_name: format!("{asset}.jpg"),
        }),
        format!("Put {asset}.jpg into 4ALLPORTAL"),
        version,
    )
}

fn relate(asset: &str) -> NewJob {
    NewJob::new(
        Payload::Relate(Relate {
            asset: asset.into(),
            product: "p1".into(),
            role: crate::model::Role::Gallery,
            position: 0,
            reorder: false,
        }),
        "relate",
        "v1",
    )
}

fn with<T>(f: impl FnOnce(&Connection, DateTime<Utc>) -> rusqlite::Result<T>) -> T {
    let cache = Cache::open_in_memory().unwrap();
    cache.with_conn(|c| f(c, Utc::now())).unwrap()
}

fn ids(jobs: &[Job]) -> Vec<i64> {
    jobs.iter().map(|j| j.id).collect()
}

#[test]
fn the_same_intent_is_queued_once_and_another_one_again() {
    with(|c, now| {
        let first = enqueue(c, &upload("I1", "v1"), 5, now)?;
        let again = enqueue(c, &upload("I1", "v1"), 5, now)?;
        let other = enqueue(c, &upload("I1", "v2"), 5, now)?;
        assert!(first.created);
        assert_eq!(
            again,
            Enqueued {
                id: first.id,
                created: false
            }
        );
        assert!(other.created && other.id != first.id);
        let job = get(c, first.id)?.unwrap();
        assert_eq!(job.state, JobState::Queued);
        assert_eq!(job.idempotency_key, "upload_file|I1|allportal:file|v1");
        assert_eq!(job.lock_key.as_deref(), Some("allportal:file-of:I1"));
        assert_eq!(job.max_attempts, 5);
        Ok(())
    });
}

#[test]
fn a_job_waits_for_its_dependencies_and_for_its_next_try() {
    with(|c, now| {
        let up = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        let rel = enqueue(c, &relate("I1").after([up]), 5, now)?.id;
        assert_eq!(
            ids(&ready(c, now, 10)?),
            [up],
            "relate waits for the upload"
        );
        assert!(start(c, up, now)?);
        assert!(!start(c, up, now)?, "a running job is not started twice");
        finish(
            c,
            up,
            &Finish::Retry {
                error: "503".into(),
                at: now + Duration::seconds(30),
            },
            now,
        )?;
        assert!(ready(c, now, 10)?.is_empty());
        assert_eq!(
            next_due(c)?,
            Some(now + Duration::seconds(30)).map(|t| from_db(&to_db(t)).unwrap())
        );
        assert_eq!(ids(&ready(c, now + Duration::seconds(31), 10)?), [up]);
        assert!(start(c, up, now)?);
        finish(
            c,
            up,
            &Finish::Done {
                result: Some(serde_json::json!({"file": "f1"})),
            },
            now,
        )?;
        assert_eq!(ids(&ready(c, now, 10)?), [rel]);
        let deps = dependency_results(c, rel)?;
        assert_eq!(deps[0].1.as_ref().unwrap()["file"], "f1");
        let job = get(c, up)?.unwrap();
        assert_eq!((job.state, job.attempts), (JobState::Done, 2));
        Ok(())
    });
}

#[test]
fn every_attempt_is_recorded_with_its_outcome() {
    with(|c, now| {
        let id = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        start(c, id, now)?;
        finish(
            c,
            id,
            &Finish::Retry {
                error: "reset".into(),
                at: now,
            },
            now,
        )?;
        start(c, id, now)?;
        finish(c, id, &Finish::Done { result: None }, now)?;
        let mut stmt = c.prepare("SELECT attempt, outcome, error FROM job_attempts ORDER BY id")?;
        let rows: Vec<(i64, String, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(
            rows,
            [
                (1, "retry".to_string(), Some("reset".to_string())),
                (2, "done".to_string(), None)
            ]
        );
        Ok(())
    });
}

#[test]
fn jobs_a_crash_left_running_are_queued_again_and_their_attempt_marked_interrupted() {
    with(|c, now| {
        let a = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        let b = enqueue(c, &upload("I2", "v1"), 5, now)?.id;
        start(c, a, now)?;
        start(c, b, now)?;
        cancel(c, b, now)?;
        let resumed = recover(c, now)?;
        assert_eq!(resumed, [a, b]);
        assert_eq!(get(c, a)?.unwrap().state, JobState::Queued);
        assert_eq!(
            get(c, a)?.unwrap().attempts,
            1,
            "the interrupted attempt counts"
        );
        assert_eq!(
            get(c, b)?.unwrap().state,
            JobState::Cancelled,
            "a cancel asked for holds"
        );
        let open: i64 = c.query_row(
            "SELECT count(*) FROM job_attempts WHERE outcome IS NULL",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(open, 0);
        Ok(())
    });
}

#[test]
fn an_offline_wait_does_not_use_up_an_attempt() {
    with(|c, now| {
        let id = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        start(c, id, now)?;
        finish(
            c,
            id,
            &Finish::Offline {
                error: "connection refused".into(),
                at: now + Duration::seconds(15),
            },
            now,
        )?;
        let job = get(c, id)?.unwrap();
        assert_eq!((job.state, job.attempts), (JobState::Queued, 0));
        assert_eq!(pending(c)?, 1);
        Ok(())
    });
}

#[test]
fn cancelling_a_job_cancels_what_waits_for_it() {
    with(|c, now| {
        let up = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        let rel = enqueue(c, &relate("I1").after([up]), 5, now)?.id;
        assert_eq!(cancel(c, up, now)?, Cancelled::Now);
        let rel = get(c, rel)?.unwrap();
        assert_eq!(rel.state, JobState::Cancelled);
        assert!(rel.attention_reason.unwrap().contains(&format!("job {up}")));
        assert_eq!(
            cancel(c, up, now)?,
            Cancelled::AlreadyOver(JobState::Cancelled)
        );
        assert_eq!(cancel(c, 999, now)?, Cancelled::NotFound);
        assert_eq!(pending(c)?, 0);
        Ok(())
    });
}

#[test]
fn a_running_job_is_asked_to_stop() {
    with(|c, now| {
        let id = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        start(c, id, now)?;
        assert_eq!(cancel(c, id, now)?, Cancelled::Requested);
        assert!(cancel_requested(c, id)?);
        Ok(())
    });
}

#[test]
fn jobs_waiting_for_a_job_that_needs_a_person_do_not_count_as_pending() {
    with(|c, now| {
        let up = enqueue(c, &upload("I1", "v1"), 5, now)?.id;
        let rel = enqueue(c, &relate("I1").after([up]), 5, now)?.id;
        start(c, up, now)?;
        finish(
            c,
            up,
            &Finish::Attention {
                reason: "expired".into(),
            },
            now,
        )?;
        assert_eq!(pending(c)?, 0, "nothing runs until a person acts");
        let queued = retry(c, RetryScope::AllFailed, now)?;
        assert_eq!(queued, [up]);
        let job = get(c, up)?.unwrap();
        assert_eq!(
            (job.state, job.attempts, job.attention_reason),
            (JobState::Queued, 0, None)
        );
        assert_eq!(pending(c)?, 2);
        assert_eq!(get(c, rel)?.unwrap().state, JobState::Queued);
        Ok(())
    });
}

#[test]
fn a_given_up_job_is_retried_on_request_only() {
    with(|c, now| {
        let id = enqueue(c, &upload("I1", "v1"), 2, now)?.id;
        start(c, id, now)?;
        finish(
            c,
            id,
            &Finish::GiveUp {
                error: "gave up".into(),
            },
            now,
        )?;
        assert!(ready(c, now + Duration::days(1), 10)?.is_empty());
        assert_eq!(retry(c, RetryScope::One(id), now)?, [id]);
        assert_eq!(
            retry(c, RetryScope::One(id), now)?,
            Vec::<i64>::new(),
            "queued already"
        );
        assert_eq!(ids(&ready(c, now, 10)?), [id]);
        Ok(())
    });
}
