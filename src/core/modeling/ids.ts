/** The stable id of a relationship: "Track.AlbumId->Album.AlbumId"; composite keys join columns with ",". */
export function relationshipId(source: string, sourceColumns: string[], target: string, targetColumns: string[]): string {
  return `${source}.${sourceColumns.join(',')}->${target}.${targetColumns.join(',')}`;
}
