export function EmptyState({ title, body }: { title: string; body: string }) {
  return (
    <div className="empty-state" role="note">
      <p className="empty-state__title">{title}</p>
      <p className="empty-state__body">{body}</p>
    </div>
  );
}
