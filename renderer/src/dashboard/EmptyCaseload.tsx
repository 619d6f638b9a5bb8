/** What a chair sees before there is any child: what to do next, not empty charts. */
export function EmptyCaseload() {
  return (
    <section className="panel empty-caseload" aria-labelledby="empty-heading">
      <h2 id="empty-heading">No children yet</h2>
      <p>Driftwatch checks every child with a child protection plan once they are in the caseload. To start:</p>
      <ol>
        <li>
          <strong>Add a child</strong> (the button above): their name, the plan's start (the initial conference) and its category. Then
          record the social worker, the core group members and the meetings from the child's page.
        </li>
        <li>
          Or bring in the whole caseload on the <strong>Import</strong> screen (in the menu above): the authority's SSD extract, Ofsted
          Annex A List 7, a core-group tracker or a Driftwatch caseload file, previewed before anything is written.
        </li>
      </ol>
      <p className="muted">The counts, the charts and the "Start here" list appear as soon as there is a child with an open plan.</p>
    </section>
  )
}
