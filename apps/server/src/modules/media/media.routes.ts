import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf, requireActor } from '../../platform/http/guard.js';
import { routeDoc } from '../../platform/http/route-doc.js';
import { maxImageBytes } from './image.js';
import { canUploadAttachments, uploadPermissions } from './media.policy.js';
import { attachmentPurposes } from './media.presenter.js';
import { storeUpload } from './media.service.js';

/**
 * Slightly above the image limit: a 10 MiB image passes the transport (processImage checks the
 * exact limit), anything much larger is cut off before it is read.
 */
export const uploadBodyLimit = maxImageBytes + 64 * 1024;

const uploadQuery = z.object({ purpose: z.enum(attachmentPurposes) });

/** Checked on request, before the body is read: no one without the right receives 10 MB from us. */
const requireUploader: onRequestAsyncHookHandler = async (request) => {
  if (!canUploadAttachments(requireActor(request))) {
    throw new AppError('FORBIDDEN', { anyOf: [...uploadPermissions] });
  }
};

/** The upload route (reading attachments is the case modules' job: they decide who may see one). */
export function registerMediaRoutes(app: FastifyInstance, deps: Pick<ModuleDeps, 'db' | 'config' | 'clock'>): void {
  // Any image type reaches the route as bytes, so a GIF is refused by its content (415 with a
  // reason), not by the parser; the bytes, never this header, decide what the file is.
  app.addContentTypeParser(/^image\/.+$/, { parseAs: 'buffer', bodyLimit: uploadBodyLimit }, (_request, body, done) =>
    done(null, body),
  );

  const uploadDoc = routeDoc({
    tag: 'media',
    summary: 'Upload a picture (the bytes decide its type; metadata is stripped)',
    description: 'JPEG, PNG or WebP up to 10 MB as the raw request body; link it to a case or reply by its id',
    access: { anyOf: uploadPermissions },
    query: uploadQuery,
    bodyKind: 'binary',
    status: 201,
    returns: 'The attachment id, size and a suggested location from its GPS',
  });
  app.post(
    '/api/attachments',
    // Checked on request (before the body is read), not by a preHandler.
    { bodyLimit: uploadBodyLimit, onRequest: requireUploader, config: { doc: uploadDoc } },
    async (request, reply) => {
      const { purpose } = parseInput(uploadQuery, request.query);
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'send the image file itself as the request body' });
      }
      const view = await storeUpload(deps.db, contextOf(request, deps.clock), deps.config.dataDir, request.body, {
        purpose,
      });
      return reply.status(201).send(view);
    },
  );
}
