/**
 * Types of the Tenure API read from its contract: `schema.d.ts` is generated from the server's OpenAPI document
 * (`npm run api:types`; `npm run lint` fails when it is stale), so a page's types change when a route's do.
 */
import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type Responses<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]> extends { responses: infer R } ? R : never;
type Success<R> = R extends { 200: infer Ok } ? Ok : R extends { 201: infer Created } ? Created : never;

/** The JSON body a route answers with on success (its 200, or 201 for a creation). */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> = JsonOf<Success<Responses<P, M>>>;

/** The JSON body a route accepts. */
export type BodyOf<P extends keyof paths, M extends Method = 'post'> =
  NonNullable<paths[P][M]> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The query parameters a route accepts. */
export type QueryOf<P extends keyof paths, M extends Method = 'get'> =
  NonNullable<paths[P][M]> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/**
 * A runtime list of every member of a union the contract defines (for selects, filters, ordering): naming a value
 * the contract does not have, or leaving one out, fails to compile.
 */
export const everyOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)): A =>
    values;

/** A list answered whole (no paging). */
export interface Items<T> {
  items: T[];
}
