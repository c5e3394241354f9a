//! Tasks in the task module (A11): how Shelflink tells a product owner that something
//! needs their attention (for example that a product image was replaced).

use super::client::AllportalClient;
use super::mapping::FieldMapping;
use super::object::ObjectId;
use super::patch::ObjectPatch;
use crate::net::ApiError;
use chrono::NaiveDate;

/// A task to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    /// The id to create it with; the transfer queue derives it from the job's idempotency
    /// key so a repeat updates the same task instead of making another.
    pub id: ObjectId,
    pub name: String,
    pub description: Option<String>,
    pub assigned_users: Vec<ObjectId>,
    pub due_date: Option<NaiveDate>,
    /// The product or file the task is about.
    pub related_object: Option<ObjectId>,
}

impl NewTask {
    /// The PATCH item for this task under `mapping` (status `open`).
    pub fn patch(&self, mapping: &FieldMapping) -> ObjectPatch {
        let t = &mapping.task;
        let mut patch = ObjectPatch::update(self.id.clone())
            .text(&t.name, self.name.clone())
            .list(
                &t.assigned_users,
                self.assigned_users.iter().map(|u| u.as_str().to_string()),
            );
        if let (Some(field), Some(text)) = (&t.description, &self.description) {
            patch = patch.text(field, text.clone());
        }
        if let (Some(field), Some(date)) = (&t.due_date, self.due_date) {
            patch = patch.text(field, date.format("%Y-%m-%d").to_string());
        }
        if let (Some(field), Some(object)) = (&t.related_object, &self.related_object) {
            patch = patch.text(field, object.as_str());
        }
        if let Some(field) = &t.status {
            patch = patch.text(field, "open");
        }
        patch
    }
}

impl AllportalClient {
    /// Creates (or, with the same id, updates) a task; returns its id.
    pub async fn create_task(
        &self,
        task: &NewTask,
        mapping: &FieldMapping,
    ) -> Result<ObjectId, ApiError> {
        if task.assigned_users.is_empty() {
            return Err(ApiError::invalid(format!(
                "the task `{}` has nobody to assign it to: the product has no owner",
                task.name
            )));
        }
        let ids = self
            .upsert(&mapping.task.module, &[task.patch(mapping)])
            .await?;
        Ok(ids.into_iter().next().unwrap_or_else(|| task.id.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_for_a_product_owner() {
        let task = NewTask {
            id: ObjectId::new("t1"),
            name: "Hero image replaced for SKU-100".into(),
            description: Some("Version 2 was approved".into()),
            assigned_users: vec![ObjectId::new("u1")],
            due_date: NaiveDate::from_ymd_opt(2026, 5, 1),
            related_object: Some(ObjectId::new("p1")),
        };
        let json = serde_json::to_value(task.patch(&FieldMapping::default())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "id": "t1",
                "name": [{"value": "Hero image replaced for SKU-100"}],
                "description": [{"value": "Version 2 was approved"}],
                "assigned_users": [{"value": ["u1"]}],
                "due_date": [{"value": "2026-05-01"}],
                "related_object": [{"value": "p1"}],
                "status": [{"value": "open"}]
            })
        );
    }
}
